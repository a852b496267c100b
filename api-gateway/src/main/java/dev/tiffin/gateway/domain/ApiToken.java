package dev.tiffin.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A stored API token: never its secret, only the SHA-256 hash (hex) of it. {@code deployments} limits {@code
 * endpoints:invoke} to named deployments ({@code cluster/namespace/name}); empty means all.
 */
public record ApiToken(
        String id,
        String name,
        String hash,
        Set<Scope> scopes,
        List<String> deployments,
        Instant expiresAt,
        Instant createdAt,
        Instant revokedAt) {

    public ApiToken {
        scopes = Set.copyOf(scopes);
        deployments = deployments == null ? List.of() : List.copyOf(deployments);
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public boolean grants(Scope required) {
        return scopes.stream().anyMatch(s -> s.implies(required));
    }
}
