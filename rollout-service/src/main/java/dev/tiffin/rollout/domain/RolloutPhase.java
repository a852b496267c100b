package dev.tiffin.rollout.domain;

/** Where a deployment's rollout stands. */
public enum RolloutPhase {
    /** Moving replicas toward the target revision. */
    progressing,
    /** The target revision serves with every replica ready; older revisions are gone. */
    complete,
    /** The target revision did not progress and there was no earlier revision to go back to. */
    failed,
    /** terminate or delete: every workload is being scaled to zero and removed. */
    removing
}
