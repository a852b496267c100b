package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/**
 * The deployment-service's verdict for a request: rejected, with a reason class (which the gateway maps to a status
 * code) and every violation with its path.
 */
public record DeploymentRejected(
        String requestId, DeploymentId deployment, DeploymentAction action, Reason reason, List<Violation> errors)
        implements EventData {

    /** Why: {@code invalid} → 422, {@code not_found} → 404, {@code conflict} → 409, {@code precondition_failed} → 412. */
    public enum Reason {
        invalid,
        not_found,
        conflict,
        precondition_failed
    }
}
