package dev.tiffin.deployment.domain;

import static dev.tiffin.deployment.domain.StatusNames.DELETED;
import static dev.tiffin.deployment.domain.StatusNames.DEPLOYING;
import static dev.tiffin.deployment.domain.StatusNames.FAILED;
import static dev.tiffin.deployment.domain.StatusNames.RUNNING;
import static dev.tiffin.deployment.domain.StatusNames.SCALED_TO_ZERO;
import static dev.tiffin.deployment.domain.StatusNames.TERMINATED;
import static dev.tiffin.deployment.domain.StatusNames.TERMINATING;
import static dev.tiffin.deployment.domain.StatusNames.UNHEALTHY;

import dev.tiffin.contracts.api.ReplicaCounts;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.StatusChanged;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.DeploymentId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The status of a deployment as a function of its events (DESIGN.md §5). Rules:
 *
 * <ul>
 *   <li>accepted create / update / restart / rollback that made a revision → {@code deploying} (a rollout is pending);
 *   <li>rollout started → {@code deploying}; completed → {@code running}, or {@code scaled-to-zero} with 0 replicas,
 *       and the revision becomes the active one; failed → {@code failed} (reason, message); rolled back →
 *       {@code running}, reason {@code rolled_back}, the failure's message, the target revision active;
 *   <li>replicas changed while no rollout is pending: all desired 0 and none ready → {@code scaled-to-zero}; some component ready
 *       below desired → {@code unhealthy}; else {@code running} (only from running, unhealthy or scaled-to-zero; a
 *       status that does not change keeps its reason and message, e.g. running after a rollback);
 *   <li>accepted terminate → {@code terminating}, then workloads removed (terminate) → {@code terminated};
 *   <li>accepted delete → {@code terminating}, then workloads removed (delete) → {@code deleted};
 *   <li>when no workload was ever reported (no rollout or replicas event since the last removal) there is nothing to
 *       remove: terminate goes straight to {@code terminated} and delete to {@code deleted}, reason
 *       {@code no_workloads};
 *   <li>while terminating or terminated, only a new revision or a workload removal moves the status; a deleted
 *       deployment never moves again.
 * </ul>
 */
public final class StatusProjection {

    private StatusProjection() {}

    public static ProjectionResult apply(DeploymentId id, ProjectionState state, EventData event) {
        if (state.deleted()) {
            return unchanged(state);
        }
        ProjectionState next = next(state, event);
        Optional<StatusChanged> changed =
                next.status() != null && !next.status().equals(state.status())
                        ? Optional.of(new StatusChanged(
                                id,
                                state.status(),
                                next.status(),
                                next.activeRevision(),
                                next.statusReason(),
                                next.statusMessage()))
                        : Optional.empty();
        return new ProjectionResult(next, changed);
    }

    private static ProjectionState next(ProjectionState s, EventData event) {
        if (event instanceof DeploymentAccepted a) {
            return accepted(s, a);
        }
        if (event instanceof RevisionCreated r) {
            return s.withLatestRevision(Math.max(s.latestRevision(), r.revision()));
        }
        if (event instanceof WorkloadsRemoved w) {
            boolean delete = "delete".equals(w.cause());
            return s.withWorkloadsSeen(false)
                    .withRollingOut(false)
                    .withActiveRevision(null)
                    .withReplicas(Map.of())
                    .withStatus(delete ? DELETED : TERMINATED, "workloads_removed", null);
        }
        boolean stopped = TERMINATING.equals(s.status()) || TERMINATED.equals(s.status());
        if (event instanceof RolloutStarted) {
            ProjectionState n = s.withRollingOut(true).withWorkloadsSeen(true);
            return stopped || DEPLOYING.equals(s.status()) ? n : n.withStatus(DEPLOYING, "rollout_started", null);
        }
        if (event instanceof RolloutStepCompleted step) {
            return s.withWorkloadsSeen(true)
                    .withReplicas(with(
                            s.replicas(),
                            step.component(),
                            new ReplicaCounts(
                                    step.newDesired() + step.oldDesired(),
                                    step.newReady() + step.oldReady(),
                                    step.available())));
        }
        if (event instanceof RolloutCompleted c) {
            ProjectionState n = s.withRollingOut(false)
                    .withWorkloadsSeen(true)
                    .withActiveRevision(c.revision())
                    .withLastFailureMessage(null);
            // scaled to zero only once no pod serves (the final counts come just before the completion); a pod still
            // ready keeps it running until its counts say it stopped
            boolean serving = n.replicas().values().stream().anyMatch(r -> r.ready() > 0);
            return stopped
                    ? n
                    : n.withStatus(c.replicas() == 0 && !serving ? SCALED_TO_ZERO : RUNNING, "rollout_completed", null);
        }
        if (event instanceof RolloutFailed f) {
            ProjectionState n = s.withRollingOut(false).withWorkloadsSeen(true).withLastFailureMessage(f.message());
            return stopped ? n : n.withStatus(FAILED, f.reason(), f.message());
        }
        if (event instanceof RolloutRolledBack rb) {
            ProjectionState n = s.withRollingOut(false).withWorkloadsSeen(true).withActiveRevision(rb.toRevision());
            String message = s.lastFailureMessage() != null ? s.lastFailureMessage() : rb.reason();
            return stopped ? n : n.withStatus(RUNNING, StatusNames.REASON_ROLLED_BACK, message);
        }
        if (event instanceof ReplicasChanged rc) {
            return replicasChanged(s, rc);
        }
        return s;
    }

    private static ProjectionState accepted(ProjectionState s, DeploymentAccepted a) {
        DeploymentAction action = a.action();
        if (action == DeploymentAction.terminate) {
            if (TERMINATED.equals(s.status())) {
                return s;
            }
            return s.workloadsSeen()
                    ? s.withStatus(TERMINATING, "terminate_requested", null)
                    : s.withRollingOut(false)
                            .withActiveRevision(null)
                            .withStatus(TERMINATED, StatusNames.REASON_NO_WORKLOADS, null);
        }
        if (action == DeploymentAction.delete) {
            return s.workloadsSeen()
                    ? s.withStatus(TERMINATING, "delete_requested", null)
                    : s.withRollingOut(false)
                            .withActiveRevision(null)
                            .withStatus(DELETED, StatusNames.REASON_NO_WORKLOADS, null);
        }
        if (!a.revisionCreated()) {
            return s;
        }
        return s.withLatestRevision(Math.max(s.latestRevision(), a.revision()))
                .withRollingOut(true)
                .withStatus(DEPLOYING, action.name(), null);
    }

    private static ProjectionState replicasChanged(ProjectionState s, ReplicasChanged rc) {
        ProjectionState n = s.withWorkloadsSeen(true);
        // the active revision's counts, and those of the revision being rolled out (its final counts come just before
        // its completion); an older or unknown revision's are ignored
        boolean rollingOutThis = s.rollingOut() && rc.revision() == s.latestRevision();
        if (s.activeRevision() != null && rc.revision() != s.activeRevision() && !rollingOutThis) {
            return n;
        }
        n = n.withReplicas(
                with(s.replicas(), rc.component(), new ReplicaCounts(rc.desired(), rc.ready(), rc.available())));
        boolean settled =
                RUNNING.equals(s.status()) || UNHEALTHY.equals(s.status()) || SCALED_TO_ZERO.equals(s.status());
        if (s.rollingOut() || !settled) {
            return n;
        }
        Map<String, ReplicaCounts> replicas = n.replicas();
        if (replicas.values().stream().allMatch(r -> r.desired() == 0)) {
            // scaled to zero once the last pod stopped serving; until then the status it had stays
            boolean noneServing = replicas.values().stream().allMatch(r -> r.ready() == 0);
            return SCALED_TO_ZERO.equals(s.status()) || !noneServing
                    ? n
                    : n.withStatus(SCALED_TO_ZERO, "scaled_to_zero", null);
        }
        String notReady = replicas.entrySet().stream()
                .filter(e -> e.getValue().ready() < e.getValue().desired())
                .map(e -> e.getKey() + " " + e.getValue().ready() + "/"
                        + e.getValue().desired() + " ready")
                .collect(Collectors.joining(", "));
        if (!notReady.isEmpty()) {
            if (!UNHEALTHY.equals(s.status()) && scalingUp(s.replicas().get(rc.component()), rc)) {
                // new pods of a scale-up (or a wake-up from zero) are starting: nothing that served was lost, as
                // Kubernetes keeps a Deployment Available while its new replicas start
                String message = "scaling up: " + notReady;
                return n.withStatus(RUNNING, StatusNames.REASON_SCALING_UP, message);
            }
            return n.withStatus(UNHEALTHY, StatusNames.REASON_REPLICAS_NOT_READY, notReady);
        }
        // still running: the reason that made it running (e.g. rolled_back and why) stays
        boolean steady = RUNNING.equals(s.status()) && !StatusNames.REASON_SCALING_UP.equals(s.statusReason());
        return steady ? n : n.withStatus(RUNNING, "replicas_ready", null);
    }

    /**
     * Whether this change only adds pods that are still starting: the desired count went up, or it stayed and the ready
     * count did not go down. A component with no earlier counts, or one that lost a ready pod, is not scaling up.
     */
    private static boolean scalingUp(ReplicaCounts before, ReplicasChanged rc) {
        if (before == null) {
            return false;
        }
        return rc.ready() >= before.ready() && (rc.desired() > before.desired() || before.ready() < before.desired());
    }

    private static Map<String, ReplicaCounts> with(
            Map<String, ReplicaCounts> replicas, String component, ReplicaCounts counts) {
        Map<String, ReplicaCounts> out = new LinkedHashMap<>(replicas);
        out.put(component, counts);
        return out;
    }

    private static ProjectionResult unchanged(ProjectionState state) {
        return new ProjectionResult(state, Optional.empty());
    }
}
