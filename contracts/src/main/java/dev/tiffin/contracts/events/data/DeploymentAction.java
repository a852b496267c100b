package dev.tiffin.contracts.events.data;

/** What a DeploymentRequested asks for. */
public enum DeploymentAction {
    create,
    update,
    terminate,
    restart,
    delete,
    rollback
}
