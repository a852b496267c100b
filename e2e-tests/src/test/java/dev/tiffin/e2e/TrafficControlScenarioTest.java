package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Product scenario 6: the traffic controls of a component through the running traffic-service. A timeout of 1 s against
 * a Bento that takes 3 s answers 504; with max_concurrency 1 and max_queue 3, a burst gets exactly the excess rejected
 * at once with 503 and {@code Retry-After}, nothing hangs, and the queued requests are served in arrival order — with
 * one replica and with two (the queue and its limit are the component's, across its replicas).
 */
@Order(40)
class TrafficControlScenarioTest {

    @Test
    void aTimeoutShorterThanTheBentoAnswers504() {
        TiffinStack stack = TiffinStack.get();
        String name = create(stack, "timeout", Map.of("timeout", 1));

        long sent = System.nanoTime();
        HttpResponse<String> response = DataPlane.post(stack.endpoint(name) + "/classify", null);
        long tookMillis = (System.nanoTime() - sent) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(504);
        // at the timeout, not when the Bento (3 s) would have answered
        assertThat(tookMillis).as("time to the 504").isBetween(1_000L, 2_900L);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"reason\":\"timeout\"");
    }

    @ParameterizedTest(name = "{0} replica(s)")
    @ValueSource(ints = {1, 2})
    void aBurstBeyondTheQueueIsRejectedAtOnceAndTheQueueKeepsItsOrder(int replicas) throws Exception {
        TiffinStack stack = TiffinStack.get();
        String name = create(
                stack, "queue" + replicas, replicas, Map.of("timeout", 30, "max_concurrency", 1, "max_queue", 3));
        await().atMost(Scenarios.WAIT)
                .until(() ->
                        DataPlane.trafficGauge(stack, "tiffin_traffic_ready_replicas", name, "api-server") == replicas);
        String url = stack.endpoint(name) + "/classify";
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // Given every replica busy with one request and three queued behind them, sent one after the other: the
            // queue is one per component, shared by its replicas
            List<CompletableFuture<Long>> served = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                served.add(sendTimed(pool, url));
            }
            await().atMost(Scenarios.WAIT)
                    .until(() -> DataPlane.trafficGauge(stack, "tiffin_traffic_in_flight_requests", name, "api-server")
                            == replicas);
            for (int queued = 1; queued <= 3; queued++) {
                served.add(sendTimed(pool, url));
                int depth = queued;
                await().atMost(Scenarios.WAIT)
                        .until(() ->
                                DataPlane.trafficGauge(stack, "tiffin_traffic_queue_depth_requests", name, "api-server")
                                        == depth);
            }

            // When six more arrive at once
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                burst.add(CompletableFuture.supplyAsync(() -> DataPlane.post(url, null), pool));
            }

            // Then each of the six is refused with 503 and Retry-After while the queued ones still wait
            for (CompletableFuture<HttpResponse<String>> f : burst) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After"))
                        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
                assertThat(r.body()).contains("queue_full");
            }
            assertThat(served.get(served.size() - 1)).isNotDone();
            assertThat(DataPlane.trafficGauge(stack, "tiffin_traffic_queue_depth_requests", name, "api-server"))
                    .isEqualTo(3);
            // and the others are served, in the order they arrived (with one replica the order of the answers is the
            // order of dispatch; with two, two requests run at once, so only the queued ones' order is checked)
            List<Long> finished = new ArrayList<>();
            for (CompletableFuture<Long> f : served) {
                finished.add(f.get());
            }
            if (replicas == 1) {
                assertThat(finished).isSorted();
            } else {
                assertThat(finished.get(replicas + 2)).isGreaterThan(finished.get(replicas));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String create(TiffinStack stack, String prefix, Map<String, Object> traffic) {
        return create(stack, prefix, 1, traffic);
    }

    private static String create(TiffinStack stack, String prefix, int replicas, Map<String, Object> traffic) {
        Map<String, Object> apiServer = new HashMap<>(Scenarios.fixedReplicas(replicas));
        apiServer.put("traffic", traffic);
        String name = Scenarios.createRunning(
                stack, Scenarios.publicSpec(Scenarios.unique(prefix), "sleepy", "RollingUpdate", apiServer));
        return name;
    }

    /** Sends one request; completes with the time its 200 answer arrived (fails on any other answer). */
    private static CompletableFuture<Long> sendTimed(ExecutorService pool, String url) {
        return CompletableFuture.supplyAsync(
                () -> {
                    HttpResponse<String> r = DataPlane.post(url, null);
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    return System.nanoTime();
                },
                pool);
    }
}
