package dev.tiffin.traffic.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.events.data.TokenRevoked;
import dev.tiffin.contracts.spec.AccessType;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String IRIS = "local/default/iris";

    private static String hash(String secret) {
        return HexFormat.of().formatHex(TokenHash.sha256(secret));
    }

    private static TokenCache cache(TokenCreated... tokens) {
        TokenCache cache = new TokenCache();
        for (TokenCreated t : tokens) {
            cache.created(t);
        }
        return cache;
    }

    private static TokenCreated token(
            String id, String secret, List<String> scopes, List<String> deployments, Instant expires) {
        return new TokenCreated(id, id, hash(secret), scopes, deployments, expires, NOW.minusSeconds(60));
    }

    @Test
    void publicDeploymentsNeedNoToken() {
        assertThat(AccessDecision.decide(AccessType.PUBLIC, null, cache(), IRIS, NOW))
                .isEqualTo(AccessDecision.ALLOWED);
    }

    @Test
    void protectedDeploymentsNeedAValidTokenWithTheScope() {
        TokenCache tokens = cache(
                token("t1", "tfn_invoke", List.of("endpoints:invoke"), List.of(), null),
                token("t2", "tfn_read", List.of("deployments:read"), List.of(), null),
                token("t3", "tfn_admin", List.of("admin"), List.of(), null),
                token("t4", "tfn_other", List.of("endpoints:invoke"), List.of("local/default/other"), null),
                token("t5", "tfn_iris", List.of("endpoints:invoke"), List.of(IRIS), null),
                token("t6", "tfn_old", List.of("endpoints:invoke"), List.of(), NOW));

        assertThat(decide(tokens, null)).isEqualTo(AccessDecision.MISSING_TOKEN);
        assertThat(decide(tokens, "Basic abc")).isEqualTo(AccessDecision.INVALID_TOKEN);
        assertThat(decide(tokens, "Bearer tfn_unknown")).isEqualTo(AccessDecision.INVALID_TOKEN);
        assertThat(decide(tokens, "Bearer tfn_invoke")).isEqualTo(AccessDecision.ALLOWED);
        assertThat(decide(tokens, "bearer  tfn_invoke ")).isEqualTo(AccessDecision.ALLOWED);
        assertThat(decide(tokens, "Bearer tfn_read")).isEqualTo(AccessDecision.FORBIDDEN);
        assertThat(decide(tokens, "Bearer tfn_admin")).isEqualTo(AccessDecision.ALLOWED);
        assertThat(decide(tokens, "Bearer tfn_other")).isEqualTo(AccessDecision.FORBIDDEN);
        assertThat(decide(tokens, "Bearer tfn_iris")).isEqualTo(AccessDecision.ALLOWED);
        assertThat(decide(tokens, "Bearer tfn_old")).isEqualTo(AccessDecision.INVALID_TOKEN);
    }

    @Test
    void aRevokedTokenStopsWorkingAndCannotComeBack() {
        TokenCreated created = token("t1", "tfn_invoke", List.of("endpoints:invoke"), List.of(), null);
        TokenCache tokens = cache(created);

        tokens.revoked(new TokenRevoked("t1", NOW));
        tokens.created(created);

        assertThat(decide(tokens, "Bearer tfn_invoke")).isEqualTo(AccessDecision.INVALID_TOKEN);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTombstoneForgetsTheToken() {
        TokenCache tokens = cache(token("t1", "tfn_invoke", List.of("endpoints:invoke"), List.of(), null));
        tokens.forgotten("t1");
        assertThat(decide(tokens, "Bearer tfn_invoke")).isEqualTo(AccessDecision.INVALID_TOKEN);
    }

    @Test
    void aMalformedHashIsIgnored() {
        TokenCache tokens =
                cache(new TokenCreated("t1", "t1", "not-hex", List.of("endpoints:invoke"), List.of(), null, NOW));
        assertThat(tokens.size()).isZero();
    }

    private static AccessDecision decide(TokenCache tokens, String authorization) {
        return AccessDecision.decide(AccessType.PROTECTED, authorization, tokens, IRIS, NOW);
    }
}
