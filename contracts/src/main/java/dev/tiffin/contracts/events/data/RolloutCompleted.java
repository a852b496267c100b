package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** Every component of the revision is at its desired replicas and ready; older revisions are gone. */
public record RolloutCompleted(DeploymentId deployment, int revision, long durationMillis, int replicas)
        implements EventData {}
