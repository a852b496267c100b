package dev.tiffin.rollout.api;

/**
 * {@code POST /internal/v1/rollouts/plan}: the strategy (default RollingUpdate, as in a spec), the target replicas
 * and the replicas of the revision being replaced (default: the same as the target).
 */
public record PlanRequest(String strategy, Integer replicas, Integer currentReplicas) {}
