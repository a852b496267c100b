package dev.tiffin.rollout.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The next step of a rollout, with the Kubernetes Deployment controller's semantics exactly (reference §1.3, §1.4;
 * {@code rolling.go}, {@code recreate.go}). One call is one controller sync: at most one scale-up of the new
 * revision, or one round of old scale-downs; the executor applies the decision, waits until the cluster shows it
 * (watches), and calls again with the observed state.
 *
 * <p>Rolling (RollingUpdate, RampedSlowRollout, BestEffortControlledRollout):
 *
 * <ol>
 *   <li>{@code reconcileNewReplicaSet}: a new revision above the replicas is scaled down to them; below, it grows by
 *       {@code min(maxTotal − Σdesired, replicas − newDesired)} when Σdesired is under {@code maxTotal}. A scaling
 *       ends the step.
 *   <li>{@code reconcileOldReplicaSets}: with {@code maxScaledDown = Σdesired − minAvailable − newUnavailable > 0},
 *       first the old revisions' unavailable pods are removed (oldest first, up to {@code maxScaledDown}), then
 *       {@code available − minAvailable} healthy old replicas (oldest first).
 * </ol>
 *
 * Hence Σdesired ≤ replicas + maxSurge and available ≥ replicas − maxUnavailable at every step while old pods stay
 * healthy.
 *
 * <p>Recreate: every old revision to 0; wait until no old pod exists; then the new revision to the replicas.
 */
public final class StepPlanner {

    private StepPlanner() {}

    public static StepDecision next(StrategyParameters parameters, RolloutState state) {
        return parameters.isRecreate() ? recreate(parameters, state) : rolling(parameters, state);
    }

    private static StepDecision rolling(StrategyParameters p, RolloutState s) {
        int replicas = p.replicas();
        RevisionReplicas next = s.newRevision();
        List<Integer> oldDesired = desiredOf(s.oldRevisions());

        // reconcileNewReplicaSet
        if (next.desired() > replicas) {
            return new StepDecision(StepAction.SCALE_DOWN_NEW, replicas, oldDesired);
        }
        if (next.desired() < replicas) {
            int total = s.totalDesired();
            if (total < p.maxTotal()) {
                int up = Math.min(p.maxTotal() - total, replicas - next.desired());
                return new StepDecision(StepAction.SCALE_UP_NEW, next.desired() + up, oldDesired);
            }
        }

        // reconcileOldReplicaSets
        if (s.oldDesired() > 0) {
            int newUnavailable = Math.max(0, next.desired() - next.ready());
            int maxScaledDown = s.totalDesired() - p.minAvailable() - newUnavailable;
            if (maxScaledDown > 0) {
                List<Integer> after = new ArrayList<>(oldDesired);
                int cleaned = cleanupUnhealthy(s.oldRevisions(), after, maxScaledDown);
                int scaled = scaleDownHealthy(p, s, after);
                if (cleaned + scaled > 0) {
                    return new StepDecision(StepAction.SCALE_DOWN_OLD, next.desired(), after);
                }
            }
        }

        if (next.desired() == replicas && next.ready() >= replicas && s.oldDesired() == 0) {
            return new StepDecision(StepAction.COMPLETE, next.desired(), oldDesired);
        }
        return new StepDecision(StepAction.WAIT_FOR_READY, next.desired(), oldDesired);
    }

    /** {@code cleanupUnhealthyReplicas}: removes old pods that are not available, oldest revision first. */
    private static int cleanupUnhealthy(List<RevisionReplicas> olds, List<Integer> desired, int maxCleanup) {
        int total = 0;
        for (int i = 0; i < olds.size() && total < maxCleanup; i++) {
            RevisionReplicas old = olds.get(i);
            int spec = desired.get(i);
            int unhealthy = spec - Math.min(old.ready(), spec);
            if (spec == 0 || unhealthy == 0) {
                continue;
            }
            int down = Math.min(maxCleanup - total, unhealthy);
            desired.set(i, spec - down);
            total += down;
        }
        return total;
    }

    /** {@code scaleDownOldReplicaSetsForRollingUpdate}: removes {@code available − minAvailable} old replicas. */
    private static int scaleDownHealthy(StrategyParameters p, RolloutState s, List<Integer> desired) {
        int available = s.available();
        if (available <= p.minAvailable()) {
            return 0;
        }
        int toRemove = available - p.minAvailable();
        int total = 0;
        for (int i = 0; i < desired.size() && total < toRemove; i++) {
            int spec = desired.get(i);
            if (spec == 0) {
                continue;
            }
            int down = Math.min(spec, toRemove - total);
            desired.set(i, spec - down);
            total += down;
        }
        return total;
    }

    private static StepDecision recreate(StrategyParameters p, RolloutState s) {
        RevisionReplicas next = s.newRevision();
        List<Integer> oldDesired = desiredOf(s.oldRevisions());
        if (s.oldDesired() > 0) {
            return new StepDecision(
                    StepAction.SCALE_OLD_TO_ZERO,
                    next.desired(),
                    oldDesired.stream().map(d -> 0).toList());
        }
        if (s.oldCurrent() > 0) {
            return new StepDecision(StepAction.WAIT_FOR_OLD_TERMINATION, next.desired(), oldDesired);
        }
        if (next.desired() < p.replicas()) {
            return new StepDecision(StepAction.SCALE_UP_NEW, p.replicas(), oldDesired);
        }
        if (next.desired() > p.replicas()) {
            return new StepDecision(StepAction.SCALE_DOWN_NEW, p.replicas(), oldDesired);
        }
        return next.ready() >= p.replicas()
                ? new StepDecision(StepAction.COMPLETE, next.desired(), oldDesired)
                : new StepDecision(StepAction.WAIT_FOR_READY, next.desired(), oldDesired);
    }

    private static List<Integer> desiredOf(List<RevisionReplicas> revisions) {
        return revisions.stream().map(RevisionReplicas::desired).toList();
    }
}
