package dev.tiffin.rollout.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.spec.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder's rules beyond the goldens: names, replicas, and what it refuses to build. */
class WorkloadBuilderTest {

    private final WorkloadBuilder builder = new WorkloadBuilder(WorkloadGoldenTest.SEALER);

    @Test
    void componentNamesBecomeDnsLabels() {
        // Then
        assertThat(KubeNames.sanitize("iris_clf")).isEqualTo("iris-clf");
        assertThat(KubeNames.sanitize("Tokenizer.v2")).isEqualTo("tokenizer-v2");
        assertThat(KubeNames.sanitize("_x_")).isEqualTo("x");
        assertThat(KubeNames.workload("iris", "iris-clf", 12)).isEqualTo("iris-iris-clf-r12");
        assertThat(KubeNames.service("iris", "api-server")).isEqualTo("iris-api-server");
        assertThat(KubeNames.envSecret("iris", 3)).isEqualTo("iris-r3-env");
    }

    @Test
    void longNamesAreCutWithAHashAndKeepTheRevision() {
        // Given
        String deployment = "a".repeat(60);

        // When
        String one = KubeNames.workload(deployment, "runner-one", 7);
        String two = KubeNames.workload(deployment, "runner-two", 7);

        // Then
        assertThat(one).hasSizeLessThanOrEqualTo(63).endsWith("-r7").isNotEqualTo(two);
        assertThat(KubeNames.service(deployment, "runner-one")).hasSizeLessThanOrEqualTo(63);
    }

    @Test
    void theRolloutSetsTheReplicas() throws IOException {
        // Given
        Deployment built = builder.build(input("runners")).deployment("iris-clf");

        // When
        Deployment scaled = WorkloadBuilder.withReplicas(built, 3);

        // Then
        assertThat(built.getSpec().getReplicas()).isZero();
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaled.getSpec().getTemplate()).isEqualTo(built.getSpec().getTemplate());
    }

    @Test
    void theServiceSpansRevisionsAndTheDeploymentSelectsOne() throws IOException {
        // When
        DesiredWorkloads workloads = builder.build(input("runners"));

        // Then
        assertThat(workloads.services().get(0).getSpec().getSelector())
                .containsOnlyKeys(WorkloadLabels.DEPLOYMENT, WorkloadLabels.COMPONENT);
        assertThat(workloads.deployments().get(0).getSpec().getSelector().getMatchLabels())
                .containsEntry(WorkloadLabels.REVISION, "1")
                .containsEntry(WorkloadLabels.COMPONENT, "api-server");
        assertThat(workloads.envSecret()).isEmpty();
    }

    @Test
    void anInstanceTypeTheRevisionDoesNotCarryIsAnError() throws IOException {
        // Given
        RevisionCreated revision = input("gpu-instance-type");
        RevisionCreated without = new RevisionCreated(
                revision.deployment(),
                revision.revision(),
                null,
                revision.requestId(),
                revision.cause(),
                revision.spec(),
                revision.bento(),
                Map.of(),
                revision.cluster(),
                revision.createdAt());

        // Then
        assertThatThrownBy(() -> builder.build(without)).hasMessageContaining("gpu.l4.1");
    }

    @Test
    void aSecretWithoutItsSealedValueIsAnError() throws IOException {
        // Given
        RevisionCreated revision = input("gpu-instance-type");
        RevisionCreated broken = new RevisionCreated(
                revision.deployment(),
                revision.revision(),
                null,
                revision.requestId(),
                revision.cause(),
                revision.spec().withEnvs(List.of(new EnvVar("TOKEN", null, true, null))),
                revision.bento(),
                revision.instanceTypes(),
                revision.cluster(),
                revision.createdAt());

        // Then
        assertThatThrownBy(() -> builder.build(broken)).hasMessageContaining("TOKEN");
    }

    @Test
    void reservedVariablesCannotBeOverridden() throws IOException {
        // Given
        RevisionCreated revision = input("gpu-instance-type");
        RevisionCreated overriding = new RevisionCreated(
                revision.deployment(),
                revision.revision(),
                null,
                revision.requestId(),
                revision.cause(),
                revision.spec().withEnvs(List.of(EnvVar.plain("BENTOML_PORT", "8080"))),
                revision.bento(),
                revision.instanceTypes(),
                revision.cluster(),
                revision.createdAt());

        // When
        var env = builder.build(overriding)
                .deployment("api-server")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv();

        // Then
        assertThat(env.stream().filter(e -> e.getName().equals("BENTOML_PORT")))
                .singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("3000"));
    }

    private static RevisionCreated input(String golden) throws IOException {
        return WorkloadGoldenTest.read(Path.of("src/test/resources/golden", golden, "input.json"));
    }
}
