package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the product scenarios ask of the API over and over: a fresh name, the deployment's view, waiting for a status. */
final class Scenarios {

    static final Duration WAIT = Duration.ofSeconds(120);

    private Scenarios() {}

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static String key(String name) {
        return TiffinStack.CLUSTER + "/" + TiffinStack.NAMESPACE + "/" + name;
    }

    static JsonPath view(TiffinStack stack, String name) {
        return stack.api()
                .get("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static void awaitStatus(TiffinStack stack, String name, String status, int activeRevision) {
        await("status " + status + " at revision " + activeRevision + " of " + name)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonPath v = view(stack, name);
                    assertThat(v.getString("status")).isEqualTo(status);
                    assertThat(v.getInt("active_revision")).isEqualTo(activeRevision);
                });
    }

    /** The component's replicas as the deployment's view shows them ({@code desired}, {@code ready}, ...). */
    static Map<String, Object> replicas(TiffinStack stack, String name, String component) {
        Map<String, Object> r = view(stack, name).getMap("replicas.'" + component + "'");
        return r == null ? Map.of() : r;
    }

    /** Ready pods of one component as the simulated cluster sees them. */
    static long readyPods(TiffinStack stack, String name, String componentDns) {
        return stack.cluster.simulator().pods().stream()
                .filter(p -> p.name().startsWith(name + "-" + componentDns + "-r") && p.ready())
                .count();
    }

    /**
     * A Public deployment of {@code iris-classifier:<version>} with the given API server section (autoscaling,
     * resources, traffic) and a single-replica runner.
     */
    static Map<String, Object> publicSpec(String name, String version, String strategy, Map<String, Object> apiServer) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("cluster", TiffinStack.CLUSTER);
        spec.put("kube_namespace", TiffinStack.NAMESPACE);
        spec.put("access_type", "public");
        spec.put("bento", "iris-classifier:" + version);
        spec.put("deployment_strategy", strategy);
        spec.put("api_server", apiServer);
        spec.put(
                "runners",
                Map.of(
                        "iris_clf",
                        Map.of(
                                "autoscaling",
                                Map.of("min_replicas", 1, "max_replicas", 1),
                                "resources",
                                Map.of("instance_type", "cpu.1"))));
        return spec;
    }

    /** A component section with a fixed number of {@code cpu.1} replicas (min = max: the autoscaler never moves it). */
    static Map<String, Object> fixedReplicas(int replicas) {
        return Map.of(
                "autoscaling",
                Map.of("min_replicas", replicas, "max_replicas", replicas),
                "resources",
                Map.of("instance_type", "cpu.1"));
    }

    /** Creates the deployment and waits until its revision 1 runs; returns its name. */
    static String createRunning(TiffinStack stack, Map<String, Object> spec) {
        stack.api().body(spec).post("/v1/deployments").then().statusCode(201);
        String name = (String) spec.get("name");
        awaitStatus(stack, name, "running", 1);
        return name;
    }

    /** An autoscaling section: bounds, one metric, and the two behaviours (a preset name, or {@code null}). */
    static Map<String, Object> autoscaling(
            int min, int max, String metric, int target, String up, String down, Integer downWindowSeconds) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("min_replicas", min);
        a.put("max_replicas", max);
        a.put("metrics", List.of(Map.of("type", metric, "value", target)));
        a.put("scale_up", Map.of("behavior", up));
        Map<String, Object> scaleDown = new LinkedHashMap<>();
        scaleDown.put("behavior", down);
        if (downWindowSeconds != null) {
            scaleDown.put("stabilization_window_seconds", downWindowSeconds);
        }
        a.put("scale_down", scaleDown);
        return a;
    }

    /** The deployment's autoscaling view, through the gateway. */
    static JsonPath autoscalingView(TiffinStack stack, String name) {
        return stack.api()
                .get("/v1/deployments/{n}/autoscaling", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
