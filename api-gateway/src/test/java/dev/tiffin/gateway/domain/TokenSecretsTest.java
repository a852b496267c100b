package dev.tiffin.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

    @Test
    void generatesPrefixed256BitSecrets() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = TokenSecrets.generate(random);
            assertThat(token).startsWith("tfn_").doesNotContain("=", "+", "/");
            assertThat(Base64.getUrlDecoder().decode(token.substring(4))).hasSize(32);
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void hashesWithSha256Hex() {
        // SHA-256("abc"), FIPS 180-2 test vector
        assertThat(TokenSecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesOnlyTheHashedSecret() {
        String hash = TokenSecrets.hash("tfn_right");
        assertThat(TokenSecrets.matches(hash, "tfn_right")).isTrue();
        assertThat(TokenSecrets.matches(hash, "tfn_wrong")).isFalse();
        assertThat(TokenSecrets.matches("not-hex", "tfn_right")).isFalse();
        assertThat(TokenSecrets.matches(hash.substring(2), "tfn_right")).isFalse();
    }

    @Test
    void readsBearerHeaders() {
        assertThat(TokenSecrets.fromAuthorization("Bearer tfn_x")).contains("tfn_x");
        assertThat(TokenSecrets.fromAuthorization("bearer  tfn_x ")).contains("tfn_x");
        assertThat(TokenSecrets.fromAuthorization("Basic dXNlcjpwYXNz")).isEmpty();
        assertThat(TokenSecrets.fromAuthorization("Bearer ")).isEmpty();
        assertThat(TokenSecrets.fromAuthorization(null)).isEmpty();
    }
}
