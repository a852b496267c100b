package dev.tiffin.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.validation.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCarryOverTest {

    private static final DeploymentSpec BASE = Fixtures.spec("iris:1.0.0");

    private static DeploymentSpec runnerSecret(String sealed) {
        return BASE.withComponents(
                BASE.apiServer(),
                Map.of("clf", new Component(null, null, null, List.of(new EnvVar("KEY", null, true, sealed)), null)));
    }

    @Test
    void a_sealed_secret_is_kept_as_sent() {
        SecretCarryOver.Result r = SecretCarryOver.apply(Fixtures.withSecret(BASE, "v1:new"), null);

        assertThat(r.violations()).isEmpty();
        assertThat(r.spec().envs().get(1).sealed()).isEqualTo("v1:new");
    }

    @Test
    void a_secret_without_value_takes_the_previous_sealed_value_of_the_same_place() {
        SecretCarryOver.Result r = SecretCarryOver.apply(runnerSecret(null), runnerSecret("v1:old"));

        assertThat(r.violations()).isEmpty();
        assertThat(r.spec().runners().get("clf").envs().get(0).sealed()).isEqualTo("v1:old");
    }

    @Test
    void nothing_to_keep_is_a_violation_with_its_path() {
        SecretCarryOver.Result r = SecretCarryOver.apply(runnerSecret(null), BASE);

        assertThat(r.violations()).extracting(Violation::path).containsExactly("runners.clf.envs[0].value");
    }

    @Test
    void a_clear_text_secret_is_a_violation() {
        DeploymentSpec clear = BASE.withEnvs(List.of(new EnvVar("TOKEN", "hunter2", true, null)));

        SecretCarryOver.Result r = SecretCarryOver.apply(clear, null);

        assertThat(r.violations()).extracting(Violation::code).containsExactly("invalid_value");
    }

    @Test
    void redaction_removes_values_and_seals_everywhere() {
        DeploymentSpec redacted = SpecRedaction.redacted(Fixtures.withSecret(runnerSecret("v1:x"), "v1:y"));

        assertThat(redacted.envs().get(1)).isEqualTo(new EnvVar("TOKEN", null, true, null));
        assertThat(redacted.envs().get(0)).isEqualTo(EnvVar.plain("MODE", "fast"));
        assertThat(redacted.runners().get("clf").envs().get(0).sealed()).isNull();
    }
}
