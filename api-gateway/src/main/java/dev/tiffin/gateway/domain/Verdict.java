package dev.tiffin.gateway.domain;

import dev.tiffin.contracts.api.RequestVerdict;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/** The deployment-service's verdict for one request, from its event or from its query API. */
public record Verdict(
        boolean accepted,
        Integer revision,
        boolean revisionCreated,
        String reason,
        List<Violation> errors,
        List<String> warnings) {

    public Verdict {
        errors = errors == null ? List.of() : List.copyOf(errors);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static Verdict of(DeploymentAccepted a) {
        return new Verdict(true, a.revision(), a.revisionCreated(), null, List.of(), a.warnings());
    }

    public static Verdict of(DeploymentRejected r) {
        return new Verdict(
                false, null, false, r.reason() == null ? null : r.reason().name(), r.errors(), List.of());
    }

    public static Verdict of(RequestVerdict v) {
        return new Verdict(
                "accepted".equals(v.outcome()),
                v.revision(),
                Boolean.TRUE.equals(v.revisionCreated()),
                v.reason(),
                v.errors(),
                v.warnings());
    }

    /** The HTTP status of a rejection. */
    public int rejectionStatus() {
        return Verdicts.rejectionStatus(reason);
    }
}
