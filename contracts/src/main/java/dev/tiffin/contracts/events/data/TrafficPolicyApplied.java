package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/** The traffic service now enforces a revision's access type and traffic controls. */
public record TrafficPolicyApplied(DeploymentId deployment, int revision, String accessType, String route)
        implements EventData {}
