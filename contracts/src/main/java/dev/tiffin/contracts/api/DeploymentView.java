package dev.tiffin.contracts.api;

import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Instant;
import java.util.Map;

/**
 * A deployment as the API shows it: identity, status (with reason and message), the latest revision and the one
 * serving, the latest spec with secret values redacted, the concrete Bento, per-component replicas, timestamps.
 */
public record DeploymentView(
        String name,
        String cluster,
        String namespace,
        String status,
        String statusReason,
        String statusMessage,
        int revision,
        Integer activeRevision,
        String bento,
        DeploymentSpec spec,
        Map<String, ReplicaCounts> replicas,
        Instant createdAt,
        Instant updatedAt) {}
