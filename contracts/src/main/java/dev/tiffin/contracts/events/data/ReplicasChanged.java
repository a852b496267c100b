package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** Observed replicas of one component of a revision changed. */
public record ReplicasChanged(
        DeploymentId deployment, int revision, String component, int desired, int ready, int available)
        implements EventData {}
