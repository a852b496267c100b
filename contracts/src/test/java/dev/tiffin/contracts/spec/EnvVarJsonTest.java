package dev.tiffin.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.json.TiffinJson;
import org.junit.jupiter.api.Test;

/** The wire form of envs: {@code secret} appears only when given; a plain env has no {@code secret: false}. */
class EnvVarJsonTest {

    @Test
    void plainEnvHasNoSecretField() {
        assertThat(TiffinJson.write(EnvVar.plain("A", "1"))).isEqualTo("{\"name\":\"A\",\"value\":\"1\"}");
    }

    @Test
    void secretEnvRoundTrips() throws Exception {
        EnvVar secret = new EnvVar("S", null, true, "sealed-text");
        String json = TiffinJson.write(secret);
        assertThat(json).isEqualTo("{\"name\":\"S\",\"secret\":true,\"sealed\":\"sealed-text\"}");
        assertThat(TiffinJson.mapper().readValue(json, EnvVar.class)).isEqualTo(secret);
        assertThat(TiffinJson.mapper().readValue("{\"name\":\"S\",\"value\":\"v\",\"secret\":false}", EnvVar.class))
                .isEqualTo(new EnvVar("S", "v", false, null));
    }
}
