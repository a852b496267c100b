package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** After a failure, the deployment went back to its last good revision. */
public record RolloutRolledBack(DeploymentId deployment, int fromRevision, int toRevision, String reason)
        implements EventData {}
