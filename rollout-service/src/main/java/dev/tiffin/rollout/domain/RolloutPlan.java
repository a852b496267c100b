package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import java.util.List;

/**
 * The whole sequence a rollout would take from {@code currentReplicas} ready replicas of the old revision to
 * {@code replicas} of the new one, with the strategy's resolved bounds and the downtime warnings.
 */
public record RolloutPlan(
        DeploymentStrategy strategy,
        int replicas,
        int currentReplicas,
        int maxSurge,
        int maxUnavailable,
        int minAvailable,
        int maxTotal,
        List<PlanStep> steps,
        List<String> warnings) {

    public RolloutPlan {
        steps = List.copyOf(steps);
        warnings = List.copyOf(warnings);
    }
}
