package dev.tiffin.gateway.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of checking a request's bearer token against the scope an endpoint needs: allowed, unauthenticated
 * (no token, unknown, expired or revoked: 401) or forbidden (a valid token without the scope: 403).
 */
public sealed interface AccessDecision {

    record Allowed(ApiToken token) implements AccessDecision {}

    /** {@code tokenPresented}: a token was sent (the 401 then says {@code error="invalid_token"}). */
    record Unauthenticated(boolean tokenPresented) implements AccessDecision {}

    record Forbidden(ApiToken token, Scope required) implements AccessDecision {}

    /**
     * Decides for a request that presented {@code presented} (empty: no Authorization header), whose hash matched
     * {@code stored} (empty: no such token).
     */
    static AccessDecision decide(Optional<String> presented, Optional<ApiToken> stored, Scope required, Instant now) {
        if (presented.isEmpty()) {
            return new Unauthenticated(false);
        }
        if (stored.isEmpty()
                || !TokenSecrets.matches(stored.get().hash(), presented.get())
                || !stored.get().isActive(now)) {
            return new Unauthenticated(true);
        }
        ApiToken token = stored.get();
        return token.grants(required) ? new Allowed(token) : new Forbidden(token, required);
    }
}
