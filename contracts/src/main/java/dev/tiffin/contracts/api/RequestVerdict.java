package dev.tiffin.contracts.api;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/**
 * What became of a DeploymentRequested: {@code accepted} (with the revision) or {@code rejected} (with the reason and
 * violations), as the deployment-service recorded it.
 */
public record RequestVerdict(
        String requestId,
        String outcome,
        String deployment,
        String action,
        Integer revision,
        Boolean revisionCreated,
        String reason,
        List<Violation> errors,
        List<String> warnings) {}
