package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The rollout state of one deployment, kept by the rollout service in the cluster next to the workloads (ADR 0007):
 * which revision it moves to ({@code targetRevision}), the last revision that completed ({@code stableRevision}: where
 * a failed rollout goes back to), the phase, how many rollouts have started ({@code generation}: part of every event
 * id, so that a repeated step after a restart carries the same id), whether it is paused, whether this rollout is a
 * rollback of a failed revision ({@code rollbackOf}), the failure that caused it, the progress deadline, the pending
 * removal (terminate or delete, with the request id) and each component's progress, by component name.
 */
public record RolloutRecord(
        DeploymentId deployment,
        String clusterContext,
        int targetRevision,
        int latestRevision,
        Integer stableRevision,
        RolloutPhase phase,
        int generation,
        boolean paused,
        Integer rollbackOf,
        String failureReason,
        String failureMessage,
        Instant startedAt,
        long deadlineSeconds,
        String removalCause,
        String removalRequestId,
        Map<String, ComponentProgress> components) {

    public RolloutRecord {
        components = Map.copyOf(new LinkedHashMap<>(components));
    }

    public boolean progressing() {
        return phase == RolloutPhase.progressing;
    }

    public RolloutRecord withComponents(Map<String, ComponentProgress> components) {
        return new RolloutRecord(
                deployment,
                clusterContext,
                targetRevision,
                latestRevision,
                stableRevision,
                phase,
                generation,
                paused,
                rollbackOf,
                failureReason,
                failureMessage,
                startedAt,
                deadlineSeconds,
                removalCause,
                removalRequestId,
                components);
    }

    public RolloutRecord withComponent(String name, UnaryOperator<ComponentProgress> change) {
        Map<String, ComponentProgress> next = new LinkedHashMap<>(components);
        next.computeIfPresent(name, (k, c) -> change.apply(c));
        return withComponents(next);
    }

    public RolloutRecord withPaused(boolean paused) {
        return new RolloutRecord(
                deployment,
                clusterContext,
                targetRevision,
                latestRevision,
                stableRevision,
                phase,
                generation,
                paused,
                rollbackOf,
                failureReason,
                failureMessage,
                startedAt,
                deadlineSeconds,
                removalCause,
                removalRequestId,
                components);
    }

    public RolloutRecord completed() {
        return new RolloutRecord(
                deployment,
                clusterContext,
                targetRevision,
                latestRevision,
                targetRevision,
                RolloutPhase.complete,
                generation,
                false,
                rollbackOf,
                failureReason,
                failureMessage,
                startedAt,
                deadlineSeconds,
                null,
                null,
                components);
    }

    public RolloutRecord failed(String reason, String message) {
        return new RolloutRecord(
                deployment,
                clusterContext,
                targetRevision,
                latestRevision,
                stableRevision,
                RolloutPhase.failed,
                generation,
                false,
                rollbackOf,
                reason,
                message,
                startedAt,
                deadlineSeconds,
                null,
                null,
                components);
    }

    public RolloutRecord removing(String cause, String requestId) {
        return new RolloutRecord(
                deployment,
                clusterContext,
                targetRevision,
                latestRevision,
                stableRevision,
                RolloutPhase.removing,
                generation,
                false,
                rollbackOf,
                failureReason,
                failureMessage,
                startedAt,
                deadlineSeconds,
                cause,
                requestId,
                components);
    }

    /** A new rollout toward {@code revision} (a new revision, or a rollback to the stable one). */
    public static RolloutRecord start(
            DeploymentId deployment,
            String clusterContext,
            int revision,
            int latestRevision,
            Integer stableRevision,
            int generation,
            Integer rollbackOf,
            String failureReason,
            String failureMessage,
            Instant now,
            long deadlineSeconds,
            Map<String, ComponentProgress> components) {
        return new RolloutRecord(
                deployment,
                clusterContext,
                revision,
                latestRevision,
                stableRevision,
                RolloutPhase.progressing,
                generation,
                false,
                rollbackOf,
                failureReason,
                failureMessage,
                now,
                deadlineSeconds,
                null,
                null,
                components);
    }
}
