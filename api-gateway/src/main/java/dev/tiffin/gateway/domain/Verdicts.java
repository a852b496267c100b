package dev.tiffin.gateway.domain;

import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import java.util.Set;

/** How the deployment-service's verdicts and statuses become HTTP answers. */
public final class Verdicts {

    private static final Set<String> READY = Set.of("running", "scaled-to-zero");

    private Verdicts() {}

    /** The status code of a rejection. */
    public static int rejectionStatus(DeploymentRejected.Reason reason) {
        if (reason == null) {
            return 422;
        }
        return switch (reason) {
            case invalid -> 422;
            case not_found -> 404;
            case conflict -> 409;
            case precondition_failed -> 412;
        };
    }

    /** {@link #rejectionStatus(DeploymentRejected.Reason)} from the wire name; unknown reasons are 422. */
    public static int rejectionStatus(String reason) {
        if (reason == null) {
            return 422;
        }
        try {
            return rejectionStatus(DeploymentRejected.Reason.valueOf(reason));
        } catch (IllegalArgumentException e) {
            return 422;
        }
    }

    public static String rejectionTitle(int status) {
        return switch (status) {
            case 404 -> "Deployment not found";
            case 409 -> "Deployment already exists";
            case 412 -> "Revision precondition failed";
            default -> "Request rejected";
        };
    }

    /** The status code of an accepted write: 201 for a create, 200 otherwise. */
    public static int acceptedStatus(DeploymentAction action) {
        return action == DeploymentAction.create ? 201 : 200;
    }

    /** What {@code wait=ready} waits for after {@code action} was accepted. */
    public static ReadyTarget readyTarget(DeploymentAction action) {
        return switch (action) {
            case terminate -> new ReadyTarget(Set.of("terminated"), Set.of());
            case delete -> new ReadyTarget(Set.of("deleted", "terminated"), Set.of());
            default -> new ReadyTarget(READY, Set.of("failed"));
        };
    }

    /** Statuses that end a {@code wait=ready}: success or failure. */
    public record ReadyTarget(Set<String> success, Set<String> failure) {

        public boolean isTerminal(String status) {
            return success.contains(status) || failure.contains(status);
        }

        public boolean isSuccess(String status) {
            return success.contains(status);
        }
    }
}
