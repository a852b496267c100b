package dev.tiffin.contracts.importer;

import static dev.tiffin.contracts.importer.DocumentReaderTest.violationsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.ResourceQuantities;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.spec.ScalingRules;
import dev.tiffin.contracts.spec.SpecDefaults;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BentoMlV2ImporterTest {

    private static ImportResult read(String yaml) {
        return DocumentReader.read(yaml, "application/yaml", Lookups.LOCAL);
    }

    @Test
    void mapsTheMultiServiceSample() {
        ImportResult result = read(Specs.sample("v2-multi-service.yaml"));
        DeploymentSpec spec = result.spec();

        assertThat(result.sourceFormat()).isEqualTo(ImportResult.BENTOML_V2);
        assertThat(spec.name()).isEqualTo("llm-chat");
        assertThat(spec.bento()).isEqualTo("llm-chat:latest");
        assertThat(spec.cluster()).isEqualTo("default");
        assertThat(spec.accessType()).isEqualTo("protected");
        assertThat(spec.description()).startsWith("Chat with");
        assertThat(spec.labels()).isEqualTo(Map.of("team", "nlp"));
        assertThat(spec.envs()).containsExactly(EnvVar.plain("LOG_LEVEL", "info"));

        Component api = spec.apiServer();
        assertThat(api.resources()).isEqualTo(new Resources("cpu.2", null, null));
        assertThat(api.autoscaling().minReplicas()).isEqualTo(1);
        assertThat(api.autoscaling().maxReplicas()).isEqualTo(5);
        assertThat(api.autoscaling().metrics()).containsExactly(new MetricTarget("qps", 20.0));
        assertThat(api.autoscaling().scaleDown()).isEqualTo(new ScalingRules("stable", 600, null, null));
        assertThat(api.traffic().timeout().duration()).contains(Duration.ofSeconds(120));
        assertThat(api.traffic().maxConcurrency()).isEqualTo(32);
        assertThat(api.deploymentStrategy()).isEqualTo("RampedSlowRollout");
        assertThat(api.envs()).containsExactly(EnvVar.plain("LOG_LEVEL", "debug"));

        assertThat(spec.runners()).containsOnlyKeys("tokenizer", "generator");
        Component tokenizer = spec.runners().get("tokenizer");
        assertThat(tokenizer.resources())
                .isEqualTo(new Resources(null, new ResourceQuantities("1", "2Gi", null, null), null));
        Component generator = spec.runners().get("generator");
        assertThat(generator.autoscaling().minReplicas()).isZero();
        assertThat(generator.autoscaling().scaleUp()).isEqualTo(new ScalingRules(null, 30, null, null));
        assertThat(generator.traffic().timeout().duration()).contains(Duration.ofMinutes(10));

        assertThat(spec.bentomlConfig()).isEqualTo(Map.of("services", Map.of("tokenizer", Map.of("workers", 2))));
        assertThat(result.warnings()).singleElement().asString().contains("workers");

        DeploymentSpec effective = SpecDefaults.effective(spec, "local", "default");
        assertThat(effective.apiServer().envs()).containsExactly(EnvVar.plain("LOG_LEVEL", "debug"));
        assertThat(effective.runners().get("generator").envs()).containsExactly(EnvVar.plain("LOG_LEVEL", "info"));
    }

    @Test
    void severalServicesNeedARegisteredBento() {
        violationsOf(() -> DocumentReader.read(Specs.sample("v2-multi-service.yaml"), null, BentoLookup.none()))
                .containsExactly(tuple("services", "unsupported"));
    }

    @Test
    void aSingleServiceIsTheApiServerEvenWithoutABento() {
        ImportResult r = DocumentReader.read(
                "{name: x, bento: 'unknown:v1', access_authorization: false, services: {Whatever: {scaling:"
                        + " {min_replicas: 2, max_replicas: 3}}}}",
                null,
                BentoLookup.none());
        assertThat(r.spec().apiServer().autoscaling().maxReplicas()).isEqualTo(3);
        assertThat(r.spec().runners()).isNull();
        assertThat(r.spec().accessType()).isEqualTo("public");
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void servicesAreMatchedToTheBentosApiServerAndRunners() {
        ImportResult r = read("{name: x, bento: 'iris-classifier:v2', access_authorization: true, services:"
                + " {IRIS_CLF: {instance_type: cpu.4}}}");
        assertThat(r.spec().runners()).containsOnlyKeys("iris_clf");
        assertThat(r.spec().apiServer()).isEqualTo(new Component(null, null, null, null, null));
        violationsOf(() -> read("{name: x, bento: 'iris-classifier:v2', access_authorization: true, services:"
                        + " {Other: {}}}"))
                .containsExactly(tuple("services.Other", "invalid_value"));
    }

    @Test
    void noServicesMeansAnApiServerWithDefaults() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true}");
        assertThat(r.spec().apiServer()).isEqualTo(new Component(null, null, null, null, null));
    }

    @Test
    void absentAccessAuthorizationIsProtectedWithAWarning() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', services: {}}");
        assertThat(r.spec().accessType()).isNull();
        assertThat(SpecDefaults.effective(r.spec(), "c", "n").accessType()).isEqualTo("protected");
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("access_authorization")
                .contains("public");
    }

    @Test
    void topLevelServiceFieldsConfigureTheApiServer() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, instance_type:"
                + " cpu.4, scaling: {min_replicas: 0, max_replicas: 2}}");
        assertThat(r.spec().apiServer().resources().instanceType()).isEqualTo("cpu.4");
        assertThat(r.spec().apiServer().autoscaling().minReplicas()).isZero();
        violationsOf(() -> read("{name: x, bento: 'sentence-embedder:latest', scaling: {max_replicas: 2}, services:"
                        + " {Embedder: {}}}"))
                .containsExactly(tuple("services.Embedder", "conflict"));
    }

    @Test
    void localPathBentoAndMissingBentoAreRefused() {
        violationsOf(() -> read("{name: x, bento: ., services: {}}")).containsExactly(tuple("bento", "unsupported"));
        violationsOf(() -> read("{name: x, bento: ./svc, services: {}}"))
                .containsExactly(tuple("bento", "unsupported"));
        violationsOf(() -> read("{name: x, services: {}}")).containsExactly(tuple("bento", "required"));
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        violationsOf(() -> read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, replicas: 1,"
                        + " services: {Embedder: {scaling: {min: 1, policy: {metrics: [{type: cpu, value: 50, unit:"
                        + " '%'}], fast: true}}, config_overrides: {traffic: {deadline: 3}, resources: {disk: 1Gi},"
                        + " flavour: x}, env: []}}}"))
                .containsExactlyInAnyOrder(
                        tuple("replicas", "unknown_field"),
                        tuple("services.Embedder.env", "unknown_field"),
                        tuple("services.Embedder.scaling.min", "unknown_field"),
                        tuple("services.Embedder.scaling.policy.fast", "unknown_field"),
                        tuple("services.Embedder.scaling.policy.metrics[0].unit", "unknown_field"),
                        tuple("services.Embedder.config_overrides.flavour", "unknown_field"),
                        tuple("services.Embedder.config_overrides.traffic.deadline", "unknown_field"),
                        tuple("services.Embedder.config_overrides.resources.disk", "unknown_field"));
    }

    @Test
    void settingsTiffinCannotHonourAreRefused() {
        violationsOf(() -> read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, dev: true,"
                        + " secrets: [hf-token], canary: {route_type: random}, services: {Embedder: {extras:"
                        + " {bento_function_overrides: {annotations: {a: b}}}, cold_start_timeout: 30,"
                        + " config_overrides: {traffic: {concurrency: 8}, resources: {gpu: 0.5, gpu_type:"
                        + " nvidia-l4, tpu_type: v4}}}}}"))
                .containsExactlyInAnyOrder(
                        tuple("dev", "unsupported"),
                        tuple("secrets", "unsupported"),
                        tuple("canary", "unsupported"),
                        tuple("services.Embedder.extras", "unsupported"),
                        tuple("services.Embedder.cold_start_timeout", "unsupported"),
                        tuple("services.Embedder.config_overrides.traffic.concurrency", "unsupported"),
                        tuple("services.Embedder.config_overrides.resources.gpu", "unsupported"),
                        tuple("services.Embedder.config_overrides.resources.gpu_type", "unsupported"),
                        tuple("services.Embedder.config_overrides.resources.tpu_type", "unsupported"));
    }

    @Test
    void resourcesOfAServiceWithAnInstanceTypeAreIgnoredWithAWarning() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, services:"
                + " {Embedder: {instance_type: gpu.t4.1, config_overrides: {resources: {gpu: 1, gpu_type:"
                + " nvidia-tesla-t4}}}}}");
        assertThat(r.spec().apiServer().resources()).isEqualTo(new Resources("gpu.t4.1", null, null));
        assertThat(r.warnings()).singleElement().asString().contains("instance_type gpu.t4.1");
    }

    @Test
    void wholeGpusBecomeRequestsAndLimits() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, services:"
                + " {Embedder: {config_overrides: {resources: {cpu: 0.5, memory: 512Mi, gpu: 1}}}}}");
        assertThat(r.spec().apiServer().resources())
                .isEqualTo(new Resources(
                        null,
                        new ResourceQuantities("0.5", "512Mi", 1, null),
                        new ResourceQuantities(null, null, 1, null)));
    }

    @Test
    void externalQueueOffMeansNoWaitingRequests() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, services:"
                + " {Embedder: {config_overrides: {traffic: {external_queue: false}}}}}");
        assertThat(r.spec().apiServer().traffic().maxQueue()).isZero();
    }

    @Test
    void wrongTypesAndValidationErrors() {
        violationsOf(() -> read("{name: x, bento: 'sentence-embedder:latest', access_authorization: 'private',"
                        + " services: {Embedder: {scaling: {min_replicas: one}, config_overrides: {traffic: {timeout:"
                        + " '60s'}}}}}"))
                .containsExactlyInAnyOrder(
                        tuple("access_authorization", "wrong_type"),
                        tuple("services.Embedder.scaling.min_replicas", "wrong_type"),
                        tuple("services.Embedder.config_overrides.traffic.timeout", "wrong_type"));
        violationsOf(() -> read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, services:"
                        + " {Embedder: {scaling: {min_replicas: 3, max_replicas: 1}, deployment_strategy: Fast}}}"))
                .containsExactlyInAnyOrder(
                        tuple("api_server.autoscaling.min_replicas", "conflict"),
                        tuple("api_server.deployment_strategy", "invalid_value"));
    }

    @Test
    void metricValuesMayBeStrings() {
        ImportResult r = read("{name: x, bento: 'sentence-embedder:latest', access_authorization: true, services:"
                + " {Embedder: {scaling: {policy: {metrics: [{type: cpu, value: '60'}], scale_up_behavior:"
                + " stable, scale_down_behavior: fast}}}}}");
        assertThat(r.spec().apiServer().autoscaling().metrics()).containsExactly(new MetricTarget("cpu", 60.0));
        assertThat(r.spec().apiServer().autoscaling().scaleUp().behavior()).isEqualTo("stable");
        assertThat(r.spec().apiServer().autoscaling().scaleDown().behavior()).isEqualTo("fast");
    }
}
