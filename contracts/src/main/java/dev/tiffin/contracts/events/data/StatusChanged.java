package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;

/**
 * The status projection moved: {@code from} → {@code to} (BentoCloud's vocabulary: deploying, running, unhealthy,
 * failed, scaled-to-zero, terminating, terminated, deleted), with the revision serving and why.
 */
public record StatusChanged(
        DeploymentId deployment, String from, String to, Integer activeRevision, String reason, String message)
        implements EventData {}
