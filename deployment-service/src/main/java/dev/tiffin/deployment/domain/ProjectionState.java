package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.api.ReplicaCounts;
import java.util.Map;

/**
 * The status projection of one deployment (DESIGN.md §5): the status with its reason and message, the revision
 * serving ({@code activeRevision}: made to serve by the last completed rollout or rollback; null before that and
 * after the workloads are removed), the latest revision, whether a rollout is pending or running, whether any workload
 * was ever reported since the last removal, the last rollout failure, and the replicas per component.
 */
public record ProjectionState(
        String status,
        String statusReason,
        String statusMessage,
        Integer activeRevision,
        int latestRevision,
        boolean rollingOut,
        boolean workloadsSeen,
        String lastFailureMessage,
        Map<String, ReplicaCounts> replicas) {

    public static ProjectionState initial() {
        return new ProjectionState(null, null, null, null, 0, false, false, null, Map.of());
    }

    public boolean deleted() {
        return StatusNames.DELETED.equals(status);
    }

    ProjectionState withStatus(String status, String reason, String message) {
        return new ProjectionState(
                status,
                reason,
                message,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withActiveRevision(Integer activeRevision) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withLatestRevision(int latestRevision) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withRollingOut(boolean rollingOut) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withWorkloadsSeen(boolean workloadsSeen) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withLastFailureMessage(String lastFailureMessage) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                replicas);
    }

    ProjectionState withReplicas(Map<String, ReplicaCounts> replicas) {
        return new ProjectionState(
                status,
                statusReason,
                statusMessage,
                activeRevision,
                latestRevision,
                rollingOut,
                workloadsSeen,
                lastFailureMessage,
                Map.copyOf(replicas));
    }
}
