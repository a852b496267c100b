package dev.tiffin.contracts.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretSealerTest {

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretSealer sealer = new SecretSealer(key());

    @Test
    void sealedValuesOpenWithTheSameKeyAndDoNotContainTheValue() {
        String sealed = sealer.seal("DB_PASSWORD", "s3cr3t-value");
        assertThat(sealed).startsWith("v1:").doesNotContain("s3cr3t-value");
        assertThat(sealer.unseal("DB_PASSWORD", sealed)).isEqualTo("s3cr3t-value");
    }

    @Test
    void sealingTwiceGivesDifferentCiphertextsButTheSameFingerprint() {
        String a = sealer.seal("DB_PASSWORD", "same");
        String b = sealer.seal("DB_PASSWORD", "same");
        assertThat(a).isNotEqualTo(b);
        assertThat(SecretSealer.fingerprint(a)).isEqualTo(SecretSealer.fingerprint(b));
        assertThat(SecretSealer.fingerprint(sealer.seal("DB_PASSWORD", "other")))
                .isNotEqualTo(SecretSealer.fingerprint(a));
        assertThat(SecretSealer.fingerprint(sealer.seal("OTHER_NAME", "same")))
                .isNotEqualTo(SecretSealer.fingerprint(a));
    }

    @Test
    void aSealedValueCannotBeMovedToAnotherVariableNorOpenedWithAnotherKey() {
        String sealed = sealer.seal("DB_PASSWORD", "v");
        assertThatThrownBy(() -> sealer.unseal("API_KEY", sealed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretSealer(key()).unseal("DB_PASSWORD", sealed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysMustBe32Bytes() {
        assertThatThrownBy(() -> new SecretSealer(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
