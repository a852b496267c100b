package dev.tiffin.traffic.domain;

import dev.tiffin.contracts.spec.AccessType;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a request may reach a deployment (DESIGN.md §1; BentoCloud's Protected/Public access). Public: always.
 * Protected: an {@code Authorization: Bearer <token>} header whose token is known, unrevoked, unexpired (→ else 401)
 * and grants {@code endpoints:invoke} (or admin) for this deployment or all deployments (→ else 403).
 */
public enum AccessDecision {
    ALLOWED,
    /** No bearer token: 401 with {@code WWW-Authenticate: Bearer realm=...}. */
    MISSING_TOKEN,
    /** Unknown, revoked, expired or malformed token: 401 with {@code error="invalid_token"}. */
    INVALID_TOKEN,
    /** A valid token without the scope for this deployment: 403. */
    FORBIDDEN;

    public static AccessDecision decide(
            AccessType access, String authorization, TokenCache tokens, String deploymentKey, Instant now) {
        if (access == AccessType.PUBLIC) {
            return ALLOWED;
        }
        Optional<String> secret = bearer(authorization);
        if (secret.isEmpty()) {
            return authorization == null ? MISSING_TOKEN : INVALID_TOKEN;
        }
        Optional<TokenGrant> grant = tokens.find(secret.get());
        if (grant.isEmpty() || grant.get().expired(now)) {
            return INVALID_TOKEN;
        }
        return grant.get().mayInvoke(deploymentKey) ? ALLOWED : FORBIDDEN;
    }

    /** The token of an {@code Authorization} value of the form {@code Bearer <token>} (scheme case-insensitive). */
    public static Optional<String> bearer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String h = authorization.trim();
        if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
