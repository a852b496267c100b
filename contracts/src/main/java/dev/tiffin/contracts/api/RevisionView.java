package dev.tiffin.contracts.api;

import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Instant;

/**
 * One revision: number, {@code active} or {@code inactive}, the spec as submitted (secrets redacted), the concrete
 * Bento it resolved to, why it was made (create, update, rollback) and by which request.
 */
public record RevisionView(
        int revision,
        String state,
        DeploymentSpec spec,
        String bento,
        String cause,
        String requestId,
        Instant createdAt) {}
