package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.postAsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.localcluster.KubeletSimulator;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.ComponentGate;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** max_concurrency, the FIFO queue and max_queue, against stand-in Bento pods that take 300 ms per request. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class QueueTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    private ComponentGate deploy(String name, Integer maxQueue, Integer maxConcurrency) {
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, name, "api-server");
            Fixture.workload(kube, name, "api-server", 1, 1, LocalClusterResource.Images.STEADY);
        }
        Fixture.revision(kafka, name, 1, "public", Fixture.traffic(null, maxQueue, maxConcurrency), null);
        return Fixture.awaitRoute(registry, name, 1, "api-server", 1);
    }

    @Test
    void requestsBeyondMaxConcurrencyWaitAndAreServedInArrivalOrder() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                KubernetesClient kube = Fixture.kube(cluster)) {
            // Given one replica (that answers only when the test says so) and max_concurrency 1
            Fixture.externalComponent(kube, "fifo", "api-server", upstream.port());
            Fixture.revision(kafka, "fifo", 1, "public", Fixture.traffic(null, null, 1), null);
            ComponentGate gate = Fixture.awaitRoute(registry, "fifo", 1, "api-server", 1);

            // When five requests arrive one after the other while the first is being served
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(postAsync(server.publicPort(), "/default/fifo/hold?n=" + i));
                int waiting = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 1 && gate.waiting() == waiting);
            }
            for (int i = 0; i < 5; i++) {
                int reached = i + 1;
                await().atMost(Duration.ofSeconds(10)).until(() -> upstream.holdOrder.size() == reached);
                assertThat(gate.inFlight()).isEqualTo(1);
                upstream.releaseOne();
            }

            // Then the replica got them in arrival order, one at a time, and all were answered
            assertThat(upstream.holdOrder).containsExactly("0", "1", "2", "3", "4");
            for (int i = 0; i < 5; i++) {
                assertThat(calls.get(i).join().body()).isEqualTo("held " + i);
            }
            assertThat(gate.highWater()).isEqualTo(4);
        }
    }

    @Test
    void aFullQueueRejectsAtOnceWith503AndRetryAfterAndNeverExceedsMaxQueue() {
        // Given max_concurrency 1 and max_queue 3
        ComponentGate gate = deploy("bounded", 3, 1);

        // When a burst of 20 arrives at once
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(postAsync(server.publicPort(), "/default/bounded/predict"));
        }
        List<HttpResponse<String>> answers =
                burst.stream().map(CompletableFuture::join).toList();

        // Then 1 served + 3 queued got 200, the other 16 were refused at once, and the queue never held more than 3
        List<HttpResponse<String>> ok =
                answers.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> refused =
                answers.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(ok).hasSize(4);
        assertThat(refused).hasSize(16);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("\"reason\":\"queue_full\"", "max_queue 3");
        });
        assertThat(gate.highWater()).isEqualTo(3);
    }

    @Test
    void aQueuedRequestWhoseClientGoesAwayLeavesTheQueueAndNeverReachesTheReplica() throws Exception {
        // Given the replica busy with one request (max_concurrency 1)
        ComponentGate gate = deploy("leaving", null, 1);
        CompletableFuture<HttpResponse<String>> first = postAsync(server.publicPort(), "/default/leaving/predict");
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 1);

        // When a second client queues and then closes its connection
        try (Socket socket = new Socket("127.0.0.1", server.publicPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /default/leaving/predict HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 1);
        }

        // Then it leaves the queue at once, and the replica only ever sees the first request
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 0);
        assertThat(first.join().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
        long served = cluster.simulator().pods().stream()
                .filter(p -> p.name().startsWith("leaving-"))
                .map(KubeletSimulator.SimPod::bento)
                .mapToLong(b -> b.requests())
                .sum();
        assertThat(served).isEqualTo(1);
    }
}
