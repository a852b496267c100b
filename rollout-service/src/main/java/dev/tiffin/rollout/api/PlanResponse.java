package dev.tiffin.rollout.api;

import dev.tiffin.rollout.domain.PlanStep;
import dev.tiffin.rollout.domain.RolloutPlan;
import java.util.List;

/** A rollout plan on the wire (snake_case): the resolved bounds, every step, and the downtime warnings. */
public record PlanResponse(
        String strategy,
        int replicas,
        int currentReplicas,
        int maxSurge,
        int maxUnavailable,
        int minAvailable,
        int maxTotal,
        List<PlanStep> steps,
        List<String> warnings) {

    static PlanResponse of(RolloutPlan plan) {
        return new PlanResponse(
                plan.strategy().wire(),
                plan.replicas(),
                plan.currentReplicas(),
                plan.maxSurge(),
                plan.maxUnavailable(),
                plan.minAvailable(),
                plan.maxTotal(),
                plan.steps(),
                plan.warnings());
    }
}
