package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.events.data.StatusChanged;
import dev.tiffin.testsupport.EventLog;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenario 3: a deployment with min 0 goes to zero when idle for its scale-down window (status
 * scaled-to-zero, no pod left), and the first request waits while one replica wakes up, then succeeds — with a
 * timeout shorter than the wake-up, which shows that the timeout clock starts only once the request reaches a replica.
 */
@Order(30)
class ScaleToZeroScenarioTest {

    @Test
    void idleGoesToZeroAndTheFirstRequestWakesOneReplicaAndSucceeds() {
        TiffinStack stack = TiffinStack.get();
        String name = Scenarios.unique("zero");
        // the slow Bento's pods take 1 s to become ready; the timeout is 1 s
        Map<String, Object> spec = Scenarios.publicSpec(
                name,
                "slow",
                "RollingUpdate",
                Map.of(
                        "autoscaling",
                        Scenarios.autoscaling(0, 2, "qps", 10, "fast", "fast", 5),
                        "resources",
                        Map.of("instance_type", "cpu.1"),
                        "traffic",
                        Map.of("timeout", 1)));
        Map<String, Object> runner = new LinkedHashMap<>();
        runner.put("autoscaling", Scenarios.autoscaling(0, 1, "qps", 10, "fast", "fast", 5));
        runner.put("resources", Map.of("instance_type", "cpu.1"));
        spec.put("runners", Map.of("iris_clf", runner));
        stack.api().body(spec).post("/v1/deployments").then().statusCode(201);

        // When it has been idle for the window
        await("scaled to zero")
                .atMost(Scenarios.WAIT)
                .untilAsserted(() -> assertThat(Scenarios.view(stack, name).getString("status"))
                        .isEqualTo("scaled-to-zero"));
        assertThat(Scenarios.readyPods(stack, name, "api-server")).isZero();
        // and the traffic-service's own pool is empty too: its endpoints watch is independent of the status's path,
        // and until it has seen the pod go, a request could still reach the terminating pod (as in Kubernetes)
        await("the traffic-service sees no ready replica")
                .atMost(Scenarios.WAIT)
                .until(() -> DataPlane.trafficGauge(stack, "tiffin_traffic_ready_replicas", name, "api-server") == 0);

        // Then the first request waits for a replica to wake up and succeeds
        long start = System.nanoTime();
        HttpResponse<String> first = DataPlane.post(stack.endpoint(name) + "/classify", null);
        Duration firstResponse = Duration.ofNanos(System.nanoTime() - start);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("\"component\":\"api-server\"");
        // longer than the 1 s timeout: the wait for the wake-up did not count against it
        assertThat(firstResponse).isGreaterThan(Duration.ofSeconds(1));
        System.out.printf("[scenario 3] first response after scale to zero: %d ms%n", firstResponse.toMillis());

        try (EventLog log = new EventLog(stack.kafka)) {
            await().atMost(Scenarios.WAIT)
                    .until(() -> log.of(Scenarios.key(name), ScalingDecided.class).stream()
                            .anyMatch(d -> "api-server".equals(d.component())
                                    && d.currentReplicas() == 0
                                    && d.desiredReplicas() == 1));
            ScalingDecided wake = log.of(Scenarios.key(name), ScalingDecided.class).stream()
                    .filter(d -> "api-server".equals(d.component()) && d.currentReplicas() == 0)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            assertThat(wake.reason()).contains("a request arrived at zero replicas");
            // and the status tells the story: scaled to zero, then running again
            await().atMost(Scenarios.WAIT)
                    .untilAsserted(() -> assertThat(log.of(Scenarios.key(name), StatusChanged.class).stream()
                                    .map(StatusChanged::to)
                                    .toList())
                            .containsSubsequence("scaled-to-zero", "running"));
        }
    }
}
