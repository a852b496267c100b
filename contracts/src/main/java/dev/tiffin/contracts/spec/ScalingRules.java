package dev.tiffin.contracts.spec;

import java.util.List;

/**
 * One direction of an HPA v2 behaviour: a preset ({@code fast|stable|disabled}), optionally refined by an explicit
 * stabilization window, policies and a select policy ({@code max|min|disabled}).
 */
public record ScalingRules(
        String behavior, Integer stabilizationWindowSeconds, List<ScalingPolicy> policies, String selectPolicy) {

    public static ScalingRules preset(Behavior behavior) {
        return new ScalingRules(behavior.wire(), null, null, null);
    }
}
