package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import java.util.List;

/**
 * The deployment-service's verdict for a request: accepted. {@code revision} is the deployment's current revision
 * after the request; {@code revision_created} is false when the request changed nothing. Warnings tell of accepted but
 * risky choices (e.g. a strategy that means downtime).
 */
public record DeploymentAccepted(
        String requestId,
        DeploymentId deployment,
        DeploymentAction action,
        int revision,
        boolean revisionCreated,
        List<String> warnings)
        implements EventData {}
