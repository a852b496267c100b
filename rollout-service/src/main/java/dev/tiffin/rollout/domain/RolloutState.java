package dev.tiffin.rollout.domain;

import java.util.List;

/**
 * What a rollout of one component looks like at a moment: the new revision and the older revisions that still have
 * replicas (oldest first, as the Kubernetes controller sorts them). Built from the cluster's observed state by the
 * executor, or by {@link RolloutPlanner} when it simulates a rollout.
 */
public record RolloutState(RevisionReplicas newRevision, List<RevisionReplicas> oldRevisions) {

    public RolloutState {
        oldRevisions = List.copyOf(oldRevisions);
    }

    /** One old revision: the common case (new desired/ready, old desired/ready; every pod exists). */
    public static RolloutState of(int newDesired, int newReady, int oldDesired, int oldReady) {
        return new RolloutState(
                RevisionReplicas.of(newDesired, newReady), List.of(RevisionReplicas.of(oldDesired, oldReady)));
    }

    public int oldDesired() {
        return oldRevisions.stream().mapToInt(RevisionReplicas::desired).sum();
    }

    public int oldCurrent() {
        return oldRevisions.stream().mapToInt(RevisionReplicas::current).sum();
    }

    public int oldReady() {
        return oldRevisions.stream().mapToInt(RevisionReplicas::ready).sum();
    }

    /** Σ spec.replicas of every revision: what {@code maxSurge} bounds. */
    public int totalDesired() {
        return newRevision.desired() + oldDesired();
    }

    /** Ready (= available) replicas of every revision: what {@code maxUnavailable} protects. */
    public int available() {
        return newRevision.ready() + oldReady();
    }
}
