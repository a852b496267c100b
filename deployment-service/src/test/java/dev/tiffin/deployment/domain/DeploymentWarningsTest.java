package dev.tiffin.deployment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentWarningsTest {

    @Test
    void a_plain_spec_has_no_warning() {
        assertThat(DeploymentWarnings.of(Fixtures.spec("iris:1.0.0"))).isEmpty();
    }

    @Test
    void scale_to_zero_components_are_named() {
        Component zero = new Component(new Autoscaling(0, 2, null, null, null), null, null, null, null);
        DeploymentSpec spec = Fixtures.spec("iris:1.0.0").withComponents(zero, Map.of("clf", zero));

        assertThat(DeploymentWarnings.of(spec))
                .hasSize(2)
                .anySatisfy(w -> assertThat(w).startsWith("api_server."))
                .anySatisfy(w -> assertThat(w).startsWith("runners.clf."));
    }
}
