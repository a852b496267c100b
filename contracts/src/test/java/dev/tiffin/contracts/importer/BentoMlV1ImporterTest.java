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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BentoMlV1ImporterTest {

    private static ImportResult read(String json) {
        return DocumentReader.read(json, "application/json", Lookups.LOCAL);
    }

    /** A v1 document with one target whose config is {@code config}. */
    private static String v1(String config) {
        return "{\"name\":\"demo\",\"targets\":[{\"type\":\"stable\",\"bento_repository\":\"iris-classifier\","
                + "\"bento\":\"v1\",\"config\":" + config + "}]}";
    }

    @Test
    void mapsTheRunnerHeavySample() {
        ImportResult result = read(Specs.sample("v1-runners.json"));
        DeploymentSpec spec = result.spec();

        assertThat(result.sourceFormat()).isEqualTo(ImportResult.BENTOML_V1);
        assertThat(spec.name()).isEqualTo("llm-chat");
        assertThat(spec.cluster()).isEqualTo("default");
        assertThat(spec.kubeNamespace()).isEqualTo("models");
        assertThat(spec.bento()).isEqualTo("llm-chat:v3");
        assertThat(spec.accessType()).isEqualTo("public");
        assertThat(spec.deploymentStrategy()).isEqualTo("RollingUpdate");
        assertThat(spec.labels()).isEqualTo(Map.of("team", "nlp", "tier", "gold"));
        assertThat(spec.description()).startsWith("Chat service");

        Component api = spec.apiServer();
        assertThat(api.autoscaling().minReplicas()).isEqualTo(2);
        assertThat(api.autoscaling().maxReplicas()).isEqualTo(10);
        assertThat(api.autoscaling().metrics()).containsExactly(new MetricTarget("qps", 50.0));
        assertThat(api.autoscaling().scaleUp()).isEqualTo(new ScalingRules("fast", null, null, null));
        assertThat(api.resources()).isEqualTo(new Resources("cpu.2", null, null));
        assertThat(api.envs()).containsExactly(EnvVar.plain("LOG_LEVEL", "info"));
        assertThat(api.traffic().timeout().raw()).isEqualTo("90s");
        assertThat(api.traffic().maxConcurrency()).isEqualTo(16);
        assertThat(api.traffic().maxQueue()).isNull();
        assertThat(api.deploymentStrategy()).isNull();

        assertThat(spec.runners()).containsOnlyKeys("tokenizer", "generator", "safety_filter");
        Component tokenizer = spec.runners().get("tokenizer");
        assertThat(tokenizer.resources())
                .isEqualTo(new Resources(
                        null,
                        new ResourceQuantities("500m", "1Gi", null, null),
                        new ResourceQuantities("1", "2Gi", null, null)));
        assertThat(tokenizer.autoscaling().metrics()).containsExactly(new MetricTarget("cpu", 70.0));
        assertThat(tokenizer.traffic().timeout().duration()).contains(Duration.ofSeconds(90));

        Component generator = spec.runners().get("generator");
        assertThat(generator.autoscaling().minReplicas()).isZero();
        assertThat(generator.autoscaling().metrics())
                .containsExactly(new MetricTarget("gpu", 75.0), new MetricTarget("qps", 5.0));
        assertThat(generator.autoscaling().scaleDown().behavior()).isEqualTo("disabled");
        assertThat(generator.deploymentStrategy()).isEqualTo("Recreate");
        assertThat(generator.traffic().timeout().duration()).contains(Duration.ofSeconds(900));
        assertThat(result.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("runners.generator.traffic_control.timeout")
                        .contains("900 s"));

        Component filter = spec.runners().get("safety_filter");
        assertThat(filter.autoscaling().metrics()).containsExactly(new MetricTarget("memory", 85.0));
        assertThat(filter.resources().limits().gpu()).isZero();
        assertThat(filter.resources().requests().custom()).containsEntry("example.com/fpga", "1");
    }

    @Test
    void convertedSpecEqualsItsJsonRoundTrip() throws Exception {
        DeploymentSpec spec = read(Specs.sample("v1-runners.json")).spec();
        String json = dev.tiffin.contracts.json.TiffinJson.write(spec);
        assertThat(dev.tiffin.contracts.json.TiffinJson.mapper().readValue(json, DeploymentSpec.class))
                .isEqualTo(spec);
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        violationsOf(() -> read("{\"name\":\"demo\",\"replicas\":1,\"targets\":[{\"bento_repository\":\"a\","
                        + "\"bento\":\"v1\",\"extra\":1,\"config\":{\"hpa_conf\":{\"min\":1,\"policy\":{\"x\":1}},"
                        + "\"resources\":{\"requests\":{\"cpus\":\"1\"}},\"runners\":{\"r\":{\"enable_ingress\":true,"
                        + "\"traffic_control\":{\"request_queue\":{\"size\":3}}}},\"envs\":[{\"name\":\"A\"}]}}]}"))
                .containsExactlyInAnyOrder(
                        tuple("replicas", "unknown_field"),
                        tuple("targets[0].extra", "unknown_field"),
                        tuple("targets[0].config.hpa_conf.min", "unknown_field"),
                        tuple("targets[0].config.hpa_conf.policy.x", "unknown_field"),
                        tuple("targets[0].config.resources.requests.cpus", "unknown_field"),
                        tuple("targets[0].config.runners.r.enable_ingress", "unknown_field"),
                        tuple("targets[0].config.runners.r.traffic_control.request_queue.size", "unknown_field"),
                        tuple("targets[0].config.envs[0].name", "unknown_field"));
    }

    @Test
    void settingsTiffinCannotHonourAreRefused() {
        violationsOf(() -> read("{\"name\":\"demo\",\"do_not_deploy\":true,\"targets\":[{\"type\":\"canary\","
                        + "\"bento_repository\":\"a\",\"bento\":\"v1\",\"canary_rules\":[{\"type\":\"weight\","
                        + "\"weight\":10}],\"config\":{\"access_control\":\"x\",\"enable_debug_mode\":true,"
                        + "\"bento_deployment_overrides\":{\"extraPodSpec\":{}},\"deployment_cold_start_wait_timeout\":"
                        + "30,\"bento_request_overrides\":{\"imageBuildTimeout\":1}}},{\"bento_repository\":\"b\","
                        + "\"bento\":\"v1\"}]}"))
                .containsExactlyInAnyOrder(
                        tuple("do_not_deploy", "unsupported"),
                        tuple("targets", "unsupported"),
                        tuple("targets[0].type", "unsupported"),
                        tuple("targets[0].canary_rules", "unsupported"),
                        tuple("targets[0].config.access_control", "unsupported"),
                        tuple("targets[0].config.enable_debug_mode", "unsupported"),
                        tuple("targets[0].config.bento_deployment_overrides", "unsupported"),
                        tuple("targets[0].config.deployment_cold_start_wait_timeout", "unsupported"),
                        tuple("targets[0].config.bento_request_overrides", "unsupported"));
    }

    @Test
    void neutralValuesOfUnsupportedSettingsAreAccepted() {
        ImportResult r =
                read(v1("{\"enable_debug_mode\":false,\"access_control\":\"\",\"bento_deployment_overrides\":{},"
                        + "\"kubeResourceUid\":\"\"}"));
        assertThat(r.warnings()).isEmpty();
        assertThat(r.spec().bento()).isEqualTo("iris-classifier:v1");
    }

    @Test
    void localPathBentoIsRefused() {
        violationsOf(() -> read("{\"name\":\"demo\",\"targets\":[{\"bento_repository\":\"./my-project\","
                        + "\"bento\":\"v1\"}]}"))
                .containsExactly(tuple("targets[0].bento_repository", "unsupported"));
    }

    @Test
    void targetsAndBentoAreRequired() {
        violationsOf(() -> read("{\"name\":\"demo\",\"targets\":[]}")).containsExactly(tuple("targets", "required"));
        violationsOf(() -> read("{\"name\":\"demo\",\"targets\":[{\"bento_repository\":\"a\"}]}"))
                .containsExactly(tuple("targets[0].bento", "required"));
    }

    @Test
    void wrongTypesAreReportedWithPaths() {
        violationsOf(() ->
                        read(v1("{\"hpa_conf\":{\"min_replicas\":\"1\",\"cpu\":\"lots\"},\"enable_ingress\":\"yes\"}")))
                .containsExactlyInAnyOrder(
                        tuple("targets[0].config.hpa_conf.min_replicas", "wrong_type"),
                        tuple("targets[0].config.hpa_conf.cpu", "wrong_type"),
                        tuple("targets[0].config.enable_ingress", "wrong_type"));
    }

    @Test
    void enableIngressFalseIsProtectedWithAWarning() {
        ImportResult r = read(v1("{\"enable_ingress\":false}"));
        assertThat(r.spec().accessType()).isEqualTo("protected");
        assertThat(r.warnings()).singleElement().asString().contains("enable_ingress");
        assertThat(read(v1("{}")).spec().accessType()).isNull();
    }

    @Test
    void goDurations() {
        assertThat(timeout("\"5m\"")).isEqualTo("5m");
        assertThat(timeout("\"1h30m\"")).isEqualTo(5400);
        assertThat(timeout("\"1.5s\"")).isEqualTo("1.5s");
        assertThat(timeout("\"2m0.5s\"")).isEqualTo(120.5);
        assertThat(timeout("60000000000")).isEqualTo(60);
        assertThat(timeout("1500000000")).isEqualTo(1.5);
    }

    private static Object timeout(String value) {
        return read(v1("{\"traffic_control\":{\"timeout\":" + value + "}}"))
                .spec()
                .apiServer()
                .traffic()
                .timeout()
                .raw();
    }

    @Test
    void badDurationIsAValidationError() {
        violationsOf(() -> read(v1("{\"traffic_control\":{\"timeout\":\"soon\"}}")))
                .containsExactly(tuple("api_server.traffic.timeout", "invalid_format"));
    }

    @Test
    void requestQueueDisabledMeansNoWaitingRequests() {
        assertThat(read(v1("{\"traffic_control\":{\"request_queue\":{\"enabled\":false}}}"))
                        .spec()
                        .apiServer()
                        .traffic()
                        .maxQueue())
                .isZero();
    }

    @Test
    void memoryQuantityTargetIsRefused() {
        violationsOf(() -> read(v1("{\"hpa_conf\":{\"memory\":\"500Mi\"}}")))
                .containsExactly(tuple("targets[0].config.hpa_conf.memory", "unsupported"));
    }

    @Test
    void functionModeScalesToZeroUnlessMinIsGiven() {
        String doc = "{\"name\":\"demo\",\"mode\":\"function\",\"targets\":[{\"bento_repository\":\"a\","
                + "\"bento\":\"v1\",\"config\":{\"runners\":{\"r\":{\"hpa_conf\":{\"min_replicas\":2,"
                + "\"max_replicas\":2}}}}}]}";
        ImportResult r = read(doc);
        assertThat(r.spec().apiServer().autoscaling().minReplicas()).isZero();
        assertThat(r.spec().runners().get("r").autoscaling().minReplicas()).isEqualTo(2);
        assertThat(r.warnings()).hasSize(1);
        violationsOf(() -> read(doc.replace("function", "batch"))).containsExactly(tuple("mode", "invalid_value"));
    }

    @Test
    void envValuesAndLabels() {
        DeploymentSpec spec = read("{\"name\":\"demo\",\"labels\":[{\"key\":\"a\",\"value\":\"1\"}],\"targets\":[{"
                        + "\"bento_repository\":\"a\",\"bento\":\"v1\",\"config\":{\"envs\":[{\"key\":\"K\","
                        + "\"value\":\"\"}]}}]}")
                .spec();
        assertThat(spec.labels()).isEqualTo(Map.of("a", "1"));
        assertThat(spec.apiServer().envs()).containsExactly(EnvVar.plain("K", ""));
        violationsOf(() -> read("{\"name\":\"demo\",\"labels\":[{\"key\":\"a\"},{\"key\":\"a\"}],\"targets\":[{"
                        + "\"bento_repository\":\"a\",\"bento\":\"v1\"}]}"))
                .containsExactly(tuple("labels[1].key", "duplicate"));
    }

    @Test
    void gpuIsAWholeNumberGivenAsTextOrNumber() {
        assertThat(read(v1("{\"resources\":{\"limits\":{\"gpu\":\"2\"}}}"))
                        .spec()
                        .apiServer()
                        .resources()
                        .limits()
                        .gpu())
                .isEqualTo(2);
        violationsOf(() -> read(v1("{\"resources\":{\"limits\":{\"gpu\":\"half\"}}}")))
                .containsExactly(tuple("targets[0].config.resources.limits.gpu", "wrong_type"));
    }

    @Test
    void convertedSpecIsValidatedInCanonicalTerms() {
        violationsOf(() -> read(v1("{\"hpa_conf\":{\"min_replicas\":5,\"max_replicas\":2},\"deployment_strategy\":"
                        + "\"BlueGreen\"}")))
                .containsExactlyInAnyOrder(
                        tuple("api_server.autoscaling.min_replicas", "conflict"),
                        tuple("deployment_strategy", "invalid_value"));
    }
}
