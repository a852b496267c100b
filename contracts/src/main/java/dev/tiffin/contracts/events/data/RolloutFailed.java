package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** A rollout stopped progressing (e.g. progress deadline exceeded: pods never ready), with the reason. */
public record RolloutFailed(DeploymentId deployment, int revision, String reason, String message)
        implements EventData {}
