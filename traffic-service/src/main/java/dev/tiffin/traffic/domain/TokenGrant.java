package dev.tiffin.traffic.domain;

import java.time.Instant;
import java.util.Set;

/**
 * What a token may do, as the traffic service caches it: never the secret, only its SHA-256.
 *
 * @param deployments deployment ids ({@code cluster/namespace/name}) it may call; empty = all
 * @param expiresAt null = never
 */
public record TokenGrant(String tokenId, byte[] hash, Set<String> scopes, Set<String> deployments, Instant expiresAt) {

    public static final String ENDPOINTS_INVOKE = "endpoints:invoke";
    /** The gateway's admin scope implies every other one. */
    public static final String ADMIN = "admin";

    public TokenGrant {
        hash = hash.clone();
        scopes = Set.copyOf(scopes);
        deployments = Set.copyOf(deployments);
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether it may invoke the endpoints of {@code deploymentKey}. */
    public boolean mayInvoke(String deploymentKey) {
        boolean scoped = scopes.contains(ENDPOINTS_INVOKE) || scopes.contains(ADMIN);
        return scoped && (deployments.isEmpty() || deployments.contains(deploymentKey));
    }

    @Override
    public String toString() {
        return "TokenGrant[" + tokenId + ", scopes=" + scopes + ", deployments=" + deployments + ", expiresAt="
                + expiresAt + "]";
    }
}
