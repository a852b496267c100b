package dev.tiffin.contracts.events.data;

import java.time.Instant;
import java.util.List;

/**
 * An API token was created. Only its SHA-256 hash (hex) travels, never the secret. {@code deployments} limits
 * endpoints:invoke to named deployments ({@code cluster/namespace/name}); empty means all.
 */
public record TokenCreated(
        String tokenId,
        String name,
        String hash,
        List<String> scopes,
        List<String> deployments,
        Instant expiresAt,
        Instant createdAt)
        implements EventData {}
