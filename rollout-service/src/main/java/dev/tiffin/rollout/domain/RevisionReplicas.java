package dev.tiffin.rollout.domain;

/**
 * The replicas of one revision's workload: {@code desired} (its {@code spec.replicas}), {@code current} (pods that
 * exist and are not terminating, {@code status.replicas}) and {@code ready} (ready pods; Tiffin sets no
 * {@code minReadySeconds}, so ready = available).
 */
public record RevisionReplicas(int desired, int current, int ready) {

    public static final RevisionReplicas NONE = new RevisionReplicas(0, 0, 0);

    public RevisionReplicas {
        if (desired < 0 || current < 0 || ready < 0) {
            throw new IllegalArgumentException("replica counts must not be negative");
        }
        if (ready > current) {
            throw new IllegalArgumentException("ready (" + ready + ") exceeds current (" + current + ")");
        }
    }

    /** A revision whose pods all exist: {@code current == desired}. */
    public static RevisionReplicas of(int desired, int ready) {
        return new RevisionReplicas(desired, Math.max(desired, ready), ready);
    }

    /** Pods of this revision that exist but are not ready. */
    public int unavailable() {
        return current - ready;
    }

    /** The same revision scaled to {@code desired}, as the ReplicaSet controller does it: not-ready pods go first. */
    public RevisionReplicas scaledTo(int desired) {
        if (desired >= this.desired) {
            return new RevisionReplicas(desired, Math.max(current, desired), ready);
        }
        int keptCurrent = Math.min(current, desired);
        return new RevisionReplicas(desired, keptCurrent, Math.min(ready, keptCurrent));
    }
}
