package dev.tiffin.rollout.domain;

/** What one step of a rollout does, or why it does nothing. */
public enum StepAction {
    /** Scale the new revision up as far as {@code maxSurge} allows (rolling), or to the replicas (Recreate). */
    SCALE_UP_NEW,
    /** The new revision has more replicas than desired (the target went down): scale it down to the target. */
    SCALE_DOWN_NEW,
    /** Remove old replicas: first the unhealthy ones, then as many healthy ones as {@code maxUnavailable} allows. */
    SCALE_DOWN_OLD,
    /** Recreate: scale every old revision to 0 at once. */
    SCALE_OLD_TO_ZERO,
    /** Nothing to do until more replicas become ready. */
    WAIT_FOR_READY,
    /** Recreate: nothing to do until no old pod remains. */
    WAIT_FOR_OLD_TERMINATION,
    /** The new revision has all its replicas ready and no old replica remains. */
    COMPLETE;

    /** Whether the step changes a desired replica count. */
    public boolean scales() {
        return this == SCALE_UP_NEW || this == SCALE_DOWN_NEW || this == SCALE_DOWN_OLD || this == SCALE_OLD_TO_ZERO;
    }
}
