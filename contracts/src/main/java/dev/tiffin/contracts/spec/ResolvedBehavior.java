package dev.tiffin.contracts.spec;

import java.util.List;

/**
 * One direction of an HPA v2 behaviour with every field concrete: what {@link SpecDefaults#behaviorRules} makes of a
 * preset and its explicit refinements. {@code selectPolicy} is {@code max}, {@code min} or {@code disabled} (the
 * spec's spelling; {@link #hpaSelectPolicy()} gives Kubernetes' {@code Max}, {@code Min}, {@code Disabled}).
 */
public record ResolvedBehavior(int stabilizationWindowSeconds, List<ScalingPolicy> policies, String selectPolicy) {

    public ResolvedBehavior {
        policies = List.copyOf(policies);
    }

    /** True when scaling in this direction is turned off. */
    public boolean disabled() {
        return "disabled".equals(selectPolicy);
    }

    public String hpaSelectPolicy() {
        return Character.toUpperCase(selectPolicy.charAt(0)) + selectPolicy.substring(1);
    }
}
