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

/**
 * Product scenario 6: the traffic controls of a component through the running traffic-service. A timeout of 1 s against
 * a Bento that takes 3 s answers 504; with max_concurrency 1 and max_queue 3, a burst gets exactly the excess rejected
 * at once with 503 and {@code Retry-After}, nothing hangs, and the queued requests are served in arrival order.
 */
@Order(40)
class TrafficControlScenarioTest {

    @Test
    void aTimeoutShorterThanTheBentoAnswers504() {
        TiffinStack stack = TiffinStack.get();
        String name = create(stack, "timeout", Map.of("timeout", 1));

        HttpResponse<String> response = DataPlane.post(stack.endpoint(name) + "/classify", null);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"reason\":\"timeout\"");
    }

    @Test
    void aBurstBeyondTheQueueIsRejectedAtOnceAndTheQueueKeepsItsOrder() throws Exception {
        TiffinStack stack = TiffinStack.get();
        String name = create(stack, "queue", Map.of("timeout", 30, "max_concurrency", 1, "max_queue", 3));
        String url = stack.endpoint(name) + "/classify";
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            // Given one request in flight and three queued behind it, sent one after the other
            List<CompletableFuture<Long>> served = new ArrayList<>();
            served.add(sendTimed(pool, url));
            await().atMost(Scenarios.WAIT)
                    .until(() -> DataPlane.trafficGauge(stack, "tiffin_traffic_in_flight_requests", name, "api-server")
                            == 1);
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
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(r.body()).contains("queue_full");
            }
            assertThat(served.get(3)).isNotDone();
            assertThat(DataPlane.trafficGauge(stack, "tiffin_traffic_queue_depth_requests", name, "api-server"))
                    .isEqualTo(3);
            // and the four are served, in the order they arrived
            List<Long> finished = new ArrayList<>();
            for (CompletableFuture<Long> f : served) {
                finished.add(f.get());
            }
            assertThat(finished).isSorted();
        } finally {
            pool.shutdownNow();
        }
    }

    private static String create(TiffinStack stack, String prefix, Map<String, Object> traffic) {
        Map<String, Object> apiServer = new HashMap<>(Scenarios.fixedReplicas(1));
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
