package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** The rollout service removed every workload of a deployment (after terminate or delete). */
public record WorkloadsRemoved(DeploymentId deployment, String cause) implements EventData {}
