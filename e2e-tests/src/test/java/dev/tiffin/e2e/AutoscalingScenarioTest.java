package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;

import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.testsupport.EventLog;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

    @Test
    void aRunnerScalesOnItsOwnQpsThroughTheInternalListenerAndBackDown() {
        // Given a runner with its own autoscaling (QPS 10 per replica, 1 to 3) behind a fixed API server
        String name = Scenarios.unique("as-runner");
        Map<String, Object> spec = Scenarios.publicSpec(name, "v1", "RollingUpdate", Scenarios.fixedReplicas(1));
        spec.put(
                "runners",
                Map.of(
                        "iris_clf",
                        Map.of(
                                "autoscaling",
                                Scenarios.autoscaling(1, 3, "qps", 10, "fast", "fast", DOWN_WINDOW_SECONDS),
                                "resources",
                                Map.of("instance_type", "cpu.1"))));
        Scenarios.createRunning(stack, spec);

        // When its internal route gets 40 requests/s
        try (DataPlane.Load load =
                DataPlane.Load.start(stack.runnerEndpoint(name, "iris_clf") + "/classify", null, 4, 40)) {
            // Then the runner, not the API server, goes to 3 ready pods
            await("runner scale-up of " + name)
                    .atMost(Scenarios.WAIT)
                    .until(() -> Scenarios.readyPods(stack, name, "iris-clf") == 3);
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
        }
        // and back to 1 once the window has passed without load
        await("runner scale-down of " + name)
                .atMost(Scenarios.WAIT)
                .until(() -> Scenarios.readyPods(stack, name, "iris-clf") == 1);
        List<ScalingDecided> all = log.of(Scenarios.key(name), ScalingDecided.class);
        assertThat(all).isNotEmpty().noneMatch(d -> "api-server".equals(d.component()));
        assertThat(all.get(0).metrics()).containsKey("qps");
        assertThat(Scenarios.readyPods(stack, name, "api-server")).isEqualTo(1);
    }

    @Test
    void fastScaleUpIsHeldToPlusFourOrDoubleInAnyFifteenSeconds() {
        // Given Fast scale-up (+100 % or +4 pods per 15 s, whichever is more) and up to 12 replicas
        String name = Scenarios.unique("fastrate");
        create(
                name,
                "v1",
                Map.of("instance_type", "cpu.1"),
                Scenarios.autoscaling(1, 12, "qps", 10, "fast", "fast", DOWN_WINDOW_SECONDS));
        // When the load asks for 16 replicas at once (160 requests/s against 10 per replica)
        try (DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 8, 160)) {
            // Then it goes up by at most 4 (the +4 policy beats +100 % from 1) until a period has passed
            await("fast scale-up of " + name)
                    .atMost(Scenarios.WAIT)
                    .until(() -> decisions(name).stream().anyMatch(d -> d.desiredReplicas() >= 10));
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
        }
        List<Map.Entry<Instant, ScalingDecided>> decisions = decisionTimes(name);
        assertThat(decisions.get(0).getValue().currentReplicas()).isEqualTo(1);
        // (the first sample may hold only part of a second of load, so the first step may be smaller than 5)
        assertThat(decisions.get(0).getValue().desiredReplicas()).isBetween(2, 5);
        assertScaleUpRate(decisions, 1, 4);
        printSteps("fast", decisions);
        stack.api().delete("/v1/deployments/{n}", name).then().statusCode(lessThan(300));
    }

    @Test
    void stableScaleUpWaitsForItsWindowAndThenDoublesAtMostPerFifteenSeconds() {
        // Given Stable scale-up (+100 % per 15 s, no pods policy) with its window shortened to 8 s, up to 8 replicas
        String name = Scenarios.unique("stablerate");
        Map<String, Object> autoscaling =
                new LinkedHashMap<>(Scenarios.autoscaling(1, 8, "qps", 10, "stable", "fast", DOWN_WINDOW_SECONDS));
        autoscaling.put("scale_up", Map.of("behavior", "stable", "stabilization_window_seconds", 8));
        create(name, "v1", Map.of("instance_type", "cpu.1"), autoscaling);
        // (the window needs the idle recommendations the autoscaler makes from the traffic-service's samples)
        await().atMost(Scenarios.WAIT)
                .ignoreExceptions()
                .until(() -> apiServer(name).getInt("last_evaluation.recommended_replicas") <= 1);
        Instant loadStarted = Instant.now();
        // When the load asks for 16 replicas (160 requests/s against 10 per replica)
        try (DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 8, 160)) {
            // Then nothing moves before the load has lasted the window; then 1 -> 2, and 2 -> 4 a period later
            await("stable scale-up of " + name)
                    .atMost(Scenarios.WAIT)
                    .until(() -> decisions(name).stream().anyMatch(d -> d.desiredReplicas() >= 4));
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
        }
        List<Map.Entry<Instant, ScalingDecided>> decisions = decisionTimes(name);
        Map.Entry<Instant, ScalingDecided> first = decisions.get(0);
        assertThat(first.getValue().currentReplicas()).isEqualTo(1);
        assertThat(first.getValue().desiredReplicas()).isEqualTo(2);
        // the window holds the lowest recommendation of the last 8 s: the idle ones until the load has lasted that
        // long (less one sample interval: the first high sample can cover the second the load started in)
        assertThat(first.getKey()).isAfter(loadStarted.plusSeconds(8 - 1));
        assertScaleUpRate(decisions, 1, 0);
        printSteps("stable", decisions);
        stack.api().delete("/v1/deployments/{n}", name).then().statusCode(lessThan(300));
    }

    /**
     * The HPA's scale-up policies over any 15 s period (100 % and, for Fast, 4 pods, the larger wins): every
     * up-decision stays within {@code max(2 × R, R + pods)} where R is the desired count 15 s before it (the period's
     * start), and at least one decision was held back by that policy, so the check could have failed.
     */
    private static void assertScaleUpRate(List<Map.Entry<Instant, ScalingDecided>> decisions, int initial, int pods) {
        for (Map.Entry<Instant, ScalingDecided> d : decisions) {
            if (d.getValue().desiredReplicas() <= d.getValue().currentReplicas()) {
                continue;
            }
            int atPeriodStart = initial;
            for (Map.Entry<Instant, ScalingDecided> earlier : decisions) {
                if (!earlier.getKey().isAfter(d.getKey().minusSeconds(15))) {
                    atPeriodStart = earlier.getValue().desiredReplicas();
                }
            }
            assertThat(d.getValue().desiredReplicas())
                    .as(
                            "decision at %s (%s) against %d replicas 15 s before; all: %s",
                            d.getKey(), d.getValue(), atPeriodStart, decisions)
                    .isLessThanOrEqualTo(Math.max(2 * atPeriodStart, atPeriodStart + pods));
        }
        assertThat(decisions)
                .as("a decision held back by the scale-up policy")
                .anyMatch(d -> "scale_up_policy".equals(d.getValue().limitedBy()));
    }

    private static void printSteps(String behaviour, List<Map.Entry<Instant, ScalingDecided>> decisions) {
        Instant start = decisions.get(0).getKey();
        System.out.printf(
                "[scenario 2] %s scale-up steps (s after the first decision: from -> to): %s%n",
                behaviour,
                decisions.stream()
                        .map(e -> String.format(
                                "%.1f: %d -> %d",
                                Duration.between(start, e.getKey()).toMillis() / 1000.0,
                                e.getValue().currentReplicas(),
                                e.getValue().desiredReplicas()))
                        .toList());
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
