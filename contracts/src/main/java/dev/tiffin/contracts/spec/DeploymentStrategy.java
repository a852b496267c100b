package dev.tiffin.contracts.spec;

import java.util.Arrays;

/** The four BentoCloud update strategies, with their Kubernetes maxSurge / maxUnavailable. */
public enum DeploymentStrategy {
    ROLLING_UPDATE("RollingUpdate"),
    RECREATE("Recreate"),
    RAMPED_SLOW_ROLLOUT("RampedSlowRollout"),
    BEST_EFFORT_CONTROLLED_ROLLOUT("BestEffortControlledRollout");

    private final String wire;

    DeploymentStrategy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static boolean isValid(String text) {
        return Arrays.stream(values()).anyMatch(v -> v.wire.equals(text));
    }

    public static DeploymentStrategy parse(String text) {
        return Arrays.stream(values())
                .filter(v -> v.wire.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown deployment_strategy " + text));
    }
}
