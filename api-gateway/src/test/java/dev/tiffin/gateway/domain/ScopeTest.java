package dev.tiffin.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SECRET = "tfn_secret";

    @Test
    void adminImpliesEveryScope() {
        for (Scope s : Scope.values()) {
            assertThat(Scope.ADMIN.implies(s)).as(s.wire()).isTrue();
        }
    }

    @Test
    void writeImpliesReadOnly() {
        assertThat(Scope.DEPLOYMENTS_WRITE.implies(Scope.DEPLOYMENTS_READ)).isTrue();
        assertThat(Scope.DEPLOYMENTS_WRITE.implies(Scope.ADMIN)).isFalse();
        assertThat(Scope.DEPLOYMENTS_WRITE.implies(Scope.ENDPOINTS_INVOKE)).isFalse();
        assertThat(Scope.DEPLOYMENTS_READ.implies(Scope.DEPLOYMENTS_WRITE)).isFalse();
        assertThat(Scope.ENDPOINTS_INVOKE.implies(Scope.DEPLOYMENTS_READ)).isFalse();
    }

    @Test
    void parsesWireNames() {
        assertThat(Scope.parse("deployments:write")).contains(Scope.DEPLOYMENTS_WRITE);
        assertThat(Scope.parse("endpoints:invoke")).contains(Scope.ENDPOINTS_INVOKE);
        assertThat(Scope.parse("root")).isEmpty();
    }

    @Test
    void noTokenIsUnauthenticatedWithoutInvalidToken() {
        assertThat(AccessDecision.decide(Optional.empty(), Optional.empty(), Scope.DEPLOYMENTS_READ, NOW))
                .isEqualTo(new AccessDecision.Unauthenticated(false));
    }

    @Test
    void unknownExpiredRevokedOrMismatchedTokensAreInvalid() {
        Optional<String> presented = Optional.of(SECRET);
        assertThat(AccessDecision.decide(presented, Optional.empty(), Scope.DEPLOYMENTS_READ, NOW))
                .isEqualTo(new AccessDecision.Unauthenticated(true));
        ApiToken expired = token(Set.of(Scope.ADMIN), NOW.minusSeconds(1), null);
        assertThat(AccessDecision.decide(presented, Optional.of(expired), Scope.DEPLOYMENTS_READ, NOW))
                .isEqualTo(new AccessDecision.Unauthenticated(true));
        ApiToken revoked = token(Set.of(Scope.ADMIN), null, NOW.minusSeconds(60));
        assertThat(AccessDecision.decide(presented, Optional.of(revoked), Scope.DEPLOYMENTS_READ, NOW))
                .isEqualTo(new AccessDecision.Unauthenticated(true));
        ApiToken other = token(Set.of(Scope.ADMIN), null, null);
        assertThat(AccessDecision.decide(Optional.of("tfn_other"), Optional.of(other), Scope.DEPLOYMENTS_READ, NOW))
                .isEqualTo(new AccessDecision.Unauthenticated(true));
    }

    @Test
    void validTokenWithoutTheScopeIsForbidden() {
        ApiToken reader = token(Set.of(Scope.DEPLOYMENTS_READ), NOW.plusSeconds(60), null);
        assertThat(AccessDecision.decide(Optional.of(SECRET), Optional.of(reader), Scope.DEPLOYMENTS_WRITE, NOW))
                .isInstanceOf(AccessDecision.Forbidden.class);
        assertThat(AccessDecision.decide(Optional.of(SECRET), Optional.of(reader), Scope.DEPLOYMENTS_READ, NOW))
                .isInstanceOf(AccessDecision.Allowed.class);
        ApiToken writer = token(Set.of(Scope.DEPLOYMENTS_WRITE), null, null);
        assertThat(AccessDecision.decide(Optional.of(SECRET), Optional.of(writer), Scope.DEPLOYMENTS_READ, NOW))
                .isInstanceOf(AccessDecision.Allowed.class);
        assertThat(AccessDecision.decide(Optional.of(SECRET), Optional.of(writer), Scope.ADMIN, NOW))
                .isInstanceOf(AccessDecision.Forbidden.class);
    }

    private static ApiToken token(Set<Scope> scopes, Instant expiresAt, Instant revokedAt) {
        return new ApiToken(
                "tok_1",
                "t",
                TokenSecrets.hash(SECRET),
                scopes,
                List.of(),
                expiresAt,
                NOW.minusSeconds(3600),
                revokedAt);
    }
}
