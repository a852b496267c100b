package dev.tiffin.rollout.domain;

/**
 * One state of a planned rollout: desired and ready replicas of the new and old revisions, the available replicas
 * (ready, both revisions) and the total (desired, both revisions), with the action that led to it ({@code INITIAL} for
 * the starting state, {@code READY} for a wave of new pods becoming ready).
 */
public record PlanStep(
        String action, int newReplicas, int oldReplicas, int newReady, int oldReady, int available, int total) {

    public static final String INITIAL = "initial";
    public static final String READY = "ready";

    static PlanStep of(String action, RolloutState s) {
        return new PlanStep(
                action,
                s.newRevision().desired(),
                s.oldDesired(),
                s.newRevision().ready(),
                s.oldReady(),
                s.available(),
                s.totalDesired());
    }
}
