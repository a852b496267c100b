package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Instant;

/**
 * A user's write, as the gateway accepted it for processing. {@code spec} is canonical (imported from BentoML formats
 * by the gateway) with secret env values sealed; it is absent for terminate, restart and delete. {@code if_match} is
 * the revision the writer saw (optimistic concurrency); {@code idempotency_key} makes a retried write the same request.
 * {@code target_revision} names the revision to roll back to (absent = the previous one).
 */
public record DeploymentRequested(
        String requestId,
        DeploymentAction action,
        DeploymentId deployment,
        DeploymentSpec spec,
        String sourceFormat,
        String requester,
        Integer ifMatch,
        String idempotencyKey,
        Integer targetRevision,
        Instant requestedAt)
        implements EventData {}
