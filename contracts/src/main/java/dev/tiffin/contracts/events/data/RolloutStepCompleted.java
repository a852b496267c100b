package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** One observed step of a rollout of one component: desired and ready replicas of the new and old revisions. */
public record RolloutStepCompleted(
        DeploymentId deployment,
        int revision,
        String component,
        int step,
        int newDesired,
        int newReady,
        int oldDesired,
        int oldReady,
        int available)
        implements EventData {}
