package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;

/** A component's replica bounds (autoscaling min/max) and rollout strategy in one revision. */
public record WorkloadLimits(int minReplicas, int maxReplicas, DeploymentStrategy strategy) {

    public WorkloadLimits {
        if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas)) {
            throw new IllegalArgumentException("replica bounds " + minReplicas + ".." + maxReplicas + " are invalid");
        }
    }

    /** {@code replicas} within [min, max]. */
    public int clamp(int replicas) {
        return Math.max(minReplicas, Math.min(maxReplicas, replicas));
    }

    /**
     * The replicas a new revision rolls out to: the count the component runs now (the autoscaler's last decision)
     * within this revision's bounds, and at least 1, so that every revision is proven ready before it serves (as
     * Knative's initial scale does); the autoscaler may take it to zero afterwards.
     */
    public int initialReplicas(Integer running) {
        int base = running == null ? minReplicas : running;
        return Math.max(1, clamp(base));
    }
}
