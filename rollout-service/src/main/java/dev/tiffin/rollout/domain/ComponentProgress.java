package dev.tiffin.rollout.domain;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rollout of one component toward the record's target revision: its Kubernetes name, the replicas to reach
 * ({@code targetReplicas}: set when the rollout starts, then by the autoscaler), the last step taken, when it last
 * progressed, whether it is complete, and the step being applied ({@code pending}: revision → desired replicas, written
 * before the workloads so that a restart re-applies it instead of skipping or repeating a step).
 */
public record ComponentProgress(
        String kubeName,
        int targetReplicas,
        int step,
        Instant lastProgress,
        boolean complete,
        Map<Integer, Integer> pending) {

    public ComponentProgress {
        pending = pending == null ? null : Map.copyOf(new TreeMap<>(pending));
    }

    public static ComponentProgress start(String kubeName, int targetReplicas, Instant now) {
        return new ComponentProgress(kubeName, targetReplicas, 0, now, false, null);
    }

    ComponentProgress withTarget(int replicas) {
        return new ComponentProgress(
                kubeName, replicas, step, lastProgress, complete && replicas == targetReplicas, pending);
    }

    ComponentProgress stepped(Map<Integer, Integer> desired, Instant now) {
        return new ComponentProgress(kubeName, targetReplicas, step + 1, now, false, desired);
    }

    ComponentProgress progressed(Instant now) {
        return new ComponentProgress(kubeName, targetReplicas, step, now, complete, pending);
    }

    ComponentProgress completed() {
        return new ComponentProgress(kubeName, targetReplicas, step, lastProgress, true, null);
    }

    ComponentProgress withoutPending() {
        return new ComponentProgress(kubeName, targetReplicas, step, lastProgress, complete, null);
    }
}
