package dev.tiffin.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.secrets.SecretSealer;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeDetectionTest {

    private static DeploymentSpec withTimeout(Object timeout) {
        DeploymentSpec base = Fixtures.spec("iris:1.0.0");
        var api = base.apiServer();
        return base.withComponents(
                new dev.tiffin.contracts.spec.Component(
                        api.autoscaling(),
                        api.resources(),
                        new TrafficControl(TimeoutValue.of(timeout), null, null),
                        api.envs(),
                        api.deploymentStrategy()),
                base.runners());
    }

    @Test
    void equal_specs_are_the_same() {
        assertThat(ChangeDetection.sameEffectiveSpec(Fixtures.spec("iris:1.0.0"), Fixtures.spec("iris:1.0.0")))
                .isTrue();
    }

    @Test
    void number_representations_do_not_matter() {
        assertThat(ChangeDetection.sameEffectiveSpec(withTimeout(60), withTimeout(60L)))
                .isTrue();
        assertThat(ChangeDetection.sameEffectiveSpec(withTimeout(60), withTimeout(61)))
                .isFalse();
    }

    private static final SecretSealer SEALER = new SecretSealer(new byte[32]);

    @Test
    void secrets_compare_by_the_fingerprint_of_their_sealed_value() {
        DeploymentSpec a = Fixtures.withSecret(Fixtures.spec("iris:1.0.0"), SEALER.seal("TOKEN", "one"));
        DeploymentSpec resealed = Fixtures.withSecret(Fixtures.spec("iris:1.0.0"), SEALER.seal("TOKEN", "one"));
        DeploymentSpec changed = Fixtures.withSecret(Fixtures.spec("iris:1.0.0"), SEALER.seal("TOKEN", "two"));
        DeploymentSpec none = Fixtures.spec("iris:1.0.0");

        assertThat(a.envs().get(1).sealed()).isNotEqualTo(resealed.envs().get(1).sealed());
        assertThat(ChangeDetection.sameEffectiveSpec(a, resealed)).isTrue();
        assertThat(ChangeDetection.sameEffectiveSpec(a, changed)).isFalse();
        assertThat(ChangeDetection.sameEffectiveSpec(a, none)).isFalse();
    }

    @Test
    void sealed_values_without_fingerprint_compare_by_presence() {
        DeploymentSpec a = Fixtures.withSecret(Fixtures.spec("iris:1.0.0"), "v1:one");
        DeploymentSpec b = Fixtures.withSecret(Fixtures.spec("iris:1.0.0"), "v1:two");

        assertThat(ChangeDetection.sameEffectiveSpec(a, b)).isTrue();
    }

    @Test
    void a_plain_value_change_is_a_change() {
        DeploymentSpec a = Fixtures.spec("iris:1.0.0");
        DeploymentSpec b = a.withEnvs(List.of(EnvVar.plain("MODE", "slow")));

        assertThat(ChangeDetection.sameEffectiveSpec(a, b)).isFalse();
    }
}
