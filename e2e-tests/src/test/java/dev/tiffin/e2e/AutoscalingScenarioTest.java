package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.testsupport.EventLog;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenario 2 and issue 4 on the whole system: load through the traffic-service drives each metric the
 * autoscaler reads — QPS from the traffic-service's samples, CPU and memory from the cluster's {@code metrics.k8s.io},
 * GPU from Prometheus scraping the stand-in pods' DCGM metric — and the API server scales up within its behaviour's
 * limits, the rollout-service starts the pods, and it scales back down once the scale-down window has passed without
 * load. A Disabled direction never moves, although the algorithm recommends it.
 */
@Order(20)
class AutoscalingScenarioTest {

    static final int DOWN_WINDOW_SECONDS = 10;

    static TiffinStack stack;
    static EventLog log;

    @BeforeAll
    static void start() {
        stack = TiffinStack.get();
        log = new EventLog(stack.kafka);
    }

    @AfterAll
    static void stop() {
        log.close();
    }

    @Test
    void qpsThroughTheTrafficServiceScalesUpAndBackDownAfterTheWindow() {
        scalesUpUnderLoadAndBackDown(
                "qps",
                "v1",
                Map.of("instance_type", "cpu.1"),
                Scenarios.autoscaling(1, 4, "qps", 10, "fast", "fast", DOWN_WINDOW_SECONDS),
                4,
                40,
                4);
    }

    @Test
    void cpuOfTheStandInPodsScalesUpAndBackDown() {
        scalesUpUnderLoadAndBackDown(
                "cpu",
                "busy",
                Map.of("instance_type", "cpu.1"),
                Scenarios.autoscaling(1, 3, "cpu", 50, "fast", "fast", DOWN_WINDOW_SECONDS),
                16,
                0,
                3);
    }

    @Test
    void gpuUtilisationReadThroughPrometheusScalesUpAndBackDown() {
        String name = scalesUpUnderLoadAndBackDown(
                "gpu",
                "busy",
                Map.of("instance_type", "gpu.l4.1"),
                Scenarios.autoscaling(1, 2, "gpu", 50, "fast", "fast", DOWN_WINDOW_SECONDS),
                16,
                0,
                2);
        List<ScalingDecided> decisions = decisions(name);
        assertThat(decisions.get(0).metrics()).containsKey("gpu");
    }

    @Test
    void memoryPressureScalesUpAndBackDown() {
        scalesUpUnderLoadAndBackDown(
                "memory",
                "hungry",
                Map.of(
                        "requests",
                        Map.of("cpu", "500m", "memory", "1Gi"),
                        "limits",
                        Map.of("cpu", "1", "memory", "1Gi")),
                Scenarios.autoscaling(1, 2, "memory", 60, "fast", "fast", DOWN_WINDOW_SECONDS),
                40,
                0,
                2);
    }

    @Test
    void aDisabledScaleUpNeverMovesThoughTheAlgorithmAsksForMore() {
        // Given scale-up disabled, under four times the QPS target
        String name = Scenarios.unique("noup");
        create(
                name,
                "v1",
                Map.of("instance_type", "cpu.1"),
                Scenarios.autoscaling(1, 4, "qps", 10, "disabled", "fast", 5));
        try (DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 4, 40)) {
            // When the autoscaler has evaluated the load and recommends more replicas
            await().atMost(Scenarios.WAIT)
                    .until(() -> apiServer(name).getInt("last_evaluation.recommended_replicas") >= 2);

            // Then the desired count stays at 1 and no decision was published
            JsonPath component = apiServer(name);
            assertThat(component.getInt("desired_replicas")).isEqualTo(1);
            assertThat(component.getString("last_evaluation.limited_by")).containsIgnoringCase("disabled");
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
        }
        assertThat(decisions(name)).isEmpty();
        assertThat(Scenarios.readyPods(stack, name, "api-server")).isEqualTo(1);
    }

    @Test
    void aDisabledScaleDownNeverMovesAfterTheLoadIsGone() {
        // Given scale-down disabled, scaled up by load to 4
        String name = Scenarios.unique("nodown");
        create(
                name,
                "v1",
                Map.of("instance_type", "cpu.1"),
                Scenarios.autoscaling(1, 4, "qps", 10, "fast", "disabled", null));
        try (DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 4, 40)) {
            await().atMost(Scenarios.WAIT).until(() -> Scenarios.readyPods(stack, name, "api-server") == 4);
        }

        // When the load is gone and the algorithm recommends 1 (or fewer: the bounds apply after the recommendation)
        await().atMost(Scenarios.WAIT).until(() -> {
            JsonPath c = apiServer(name);
            return c.getFloat("metrics.qps.value") == 0f && c.getInt("last_evaluation.recommended_replicas") <= 1;
        });

        // Then it stays at 4
        assertThat(apiServer(name).getInt("desired_replicas")).isEqualTo(4);
        assertThat(decisions(name)).allMatch(d -> d.desiredReplicas() > d.currentReplicas());
        assertThat(Scenarios.readyPods(stack, name, "api-server")).isEqualTo(4);
    }

    /**
     * Creates the deployment, loads its endpoint until the API server runs {@code peak} ready pods, stops the load
     * and waits for it to come back to one pod; checks each decision against the fast preset's rate limit, the
     * scale-down against the window, and that no request failed. Returns the deployment's name.
     */
    private String scalesUpUnderLoadAndBackDown(
            String metric,
            String version,
            Map<String, Object> resources,
            Map<String, Object> autoscaling,
            int clients,
            double requestsPerSecond,
            int peak) {
        String name = Scenarios.unique("as-" + metric);
        create(name, version, resources, autoscaling);

        Instant loadStopped;
        Instant loadStarted = Instant.now();
        Duration toPeak;
        try (DataPlane.Load load =
                DataPlane.Load.start(stack.endpoint(name) + "/classify", null, clients, requestsPerSecond)) {
            await(metric + " scale-up of " + name)
                    .atMost(Scenarios.WAIT)
                    .until(() -> Scenarios.readyPods(stack, name, "api-server") == peak);
            toPeak = Duration.between(loadStarted, Instant.now());
            JsonPath component = apiServer(name);
            assertThat(component.getFloat("metrics." + metric + ".value")).isPositive();
            assertThat(component.getFloat("metrics." + metric + ".target")).isPositive();
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
            loadStopped = Instant.now();
        }

        await(metric + " scale-down of " + name)
                .atMost(Scenarios.WAIT)
                .until(() -> Scenarios.readyPods(stack, name, "api-server") == 1
                        && decisions(name).stream().anyMatch(d -> d.desiredReplicas() == 1));
        List<ScalingDecided> decisions = decisions(name);
        ScalingDecided first = decisions.get(0);
        assertThat(first.currentReplicas()).isEqualTo(1);
        assertThat(first.reason()).isNotBlank();
        assertThat(first.metrics()).containsKey(metric);
        for (ScalingDecided d : decisions) {
            assertThat(d.desiredReplicas()).isBetween(1, peak);
            if (d.desiredReplicas() > d.currentReplicas()) {
                // fast: +100% or +4 pods per 15 s, whichever is higher
                assertThat(d.desiredReplicas())
                        .isLessThanOrEqualTo(Math.max(2 * d.currentReplicas(), d.currentReplicas() + 4));
            }
        }
        Instant scaledDown = decisionTimes(name).stream()
                .filter(t -> t.getValue().desiredReplicas() == 1)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        Instant firstDecision = decisionTimes(name).get(0).getKey();
        System.out.printf(
                "[scenario 2] %s: load → first decision %d ms, load → %d ready pods %d ms, load stopped → back to 1: %d ms"
                        + " (window %d s)%n",
                metric,
                Duration.between(loadStarted, firstDecision).toMillis(),
                peak,
                toPeak.toMillis(),
                Duration.between(loadStopped, scaledDown).toMillis(),
                DOWN_WINDOW_SECONDS);
        // the last high sample can arrive up to one sample interval after the load stops
        assertThat(scaledDown).isAfter(loadStopped.plusSeconds(DOWN_WINDOW_SECONDS - 2));
        return name;
    }

    private static void create(
            String name, String version, Map<String, Object> resources, Map<String, Object> autoscaling) {
        Scenarios.createRunning(
                stack,
                Scenarios.publicSpec(
                        name, version, "RollingUpdate", Map.of("autoscaling", autoscaling, "resources", resources)));
    }

    private static JsonPath apiServer(String name) {
        JsonPath view = Scenarios.autoscalingView(stack, name);
        int index = view.getList("components.name").indexOf("api-server");
        assertThat(index)
                .as("autoscaling view of %s: %s", name, view.prettify())
                .isNotNegative();
        return view.setRoot("components[" + index + "]");
    }

    private static List<ScalingDecided> decisions(String name) {
        return log.of(Scenarios.key(name), ScalingDecided.class).stream()
                .filter(d -> "api-server".equals(d.component()))
                .toList();
    }

    private static List<Map.Entry<Instant, ScalingDecided>> decisionTimes(String name) {
        return log.all(Scenarios.key(name)).stream()
                .filter(s -> s.data() instanceof ScalingDecided d && "api-server".equals(d.component()))
                .map(s -> Map.entry(s.event().time(), (ScalingDecided) s.data()))
                .toList();
    }
}
