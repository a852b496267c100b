package dev.tiffin.contracts.events.data;

/**
 * What a DeploymentRequested asks for. {@code pause}, {@code resume} and {@code abort} control a rollout in progress
 * (abort goes back to the last good revision, as Argo Rollouts' abort does); they create no revision.
 */
public enum DeploymentAction {
    create,
    update,
    terminate,
    restart,
    delete,
    rollback,
    pause,
    resume,
    abort;

    /** Whether the action controls a rollout in progress rather than the spec. */
    public boolean controlsRollout() {
        return this == pause || this == resume || this == abort;
    }
}
