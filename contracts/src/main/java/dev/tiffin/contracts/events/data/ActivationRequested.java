package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** A request arrived for a component with no ready replica: scale it from zero. */
public record ActivationRequested(DeploymentId deployment, String component, int heldRequests) implements EventData {}
