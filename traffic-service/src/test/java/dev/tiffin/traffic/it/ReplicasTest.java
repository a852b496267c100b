package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.post;
import static dev.tiffin.traffic.it.Fixture.postAsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.ActivationRequested;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.ComponentGate;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Balancing over ready replicas, a rolling update under load, and scale from zero. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class ReplicasTest {

    private static final Pattern POD = Pattern.compile("\"pod\":\"([^\"]+)\"");
    private static final Pattern REVISION = Pattern.compile("\"revision\":\"([^\"]+)\"");

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    @Test
    void requestsAreSpreadOverEveryReadyReplica() {
        // Given three replicas
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "spread", "api-server");
            Fixture.workload(kube, "spread", "api-server", 1, 3, LocalClusterResource.Images.FAST);
        }
        Fixture.revision(kafka, "spread", 1, "public", null, null);
        Fixture.awaitRoute(registry, "spread", 1, "api-server", 3);

        // When 300 requests come, 12 at a time
        Map<String, AtomicLong> perPod = new ConcurrentHashMap<>();
        for (int batch = 0; batch < 25; batch++) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(postAsync(server.publicPort(), "/default/spread/predict"));
            }
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.join();
                assertThat(r.statusCode()).isEqualTo(200);
                perPod.computeIfAbsent(group(POD, r.body()), k -> new AtomicLong())
                        .incrementAndGet();
            }
        }

        // Then every replica served a fair share (each at least a fifth of them)
        assertThat(perPod).hasSize(3);
        assertThat(perPod.values()).allSatisfy(n -> assertThat(n.get()).isGreaterThanOrEqualTo(60));
    }

    @Test
    void aRollingUpdateUnderConstantLoadFailsNoRequest() throws Exception {
        // Given revision 1 with two replicas, under constant load from 6 clients
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "rolling", "api-server");
            Fixture.workload(kube, "rolling", "api-server", 1, 2, LocalClusterResource.Images.FAST);
            Fixture.revision(kafka, "rolling", 1, "public", null, null);
            ComponentGate gate = Fixture.awaitRoute(registry, "rolling", 1, "api-server", 2);

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, AtomicLong> byRevision = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            for (int c = 0; c < 6; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        try {
                            HttpResponse<String> r = post(server.publicPort(), "/default/rolling/predict");
                            if (r.statusCode() == 200) {
                                ok.incrementAndGet();
                                byRevision
                                        .computeIfAbsent(group(REVISION, r.body()), k -> new AtomicLong())
                                        .incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> ok.get() > 50);

            // When the rollout service's steps run: revision 2 up one pod at a time, revision 1 down
            Fixture.workload(kube, "rolling", "api-server", 2, 1, LocalClusterResource.Images.FAST);
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.replicas().size() == 3);
            Fixture.scale(kube, "rolling", "api-server", 1, 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.replicas().size() == 2);
            Fixture.scale(kube, "rolling", "api-server", 2, 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.replicas().size() == 3);
            Fixture.scale(kube, "rolling", "api-server", 1, 0);
            await().atMost(Duration.ofSeconds(20)).until(() -> gate.replicas().size() == 2);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> cluster.simulator().pods().stream()
                            .noneMatch(p -> p.name().startsWith("rolling-api-server-r1-")));
            long before = byRevision.getOrDefault("2", new AtomicLong()).get();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> byRevision.getOrDefault("2", new AtomicLong()).get() > before + 50);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();

            // Then no request failed, and both revisions served
            assertThat(failures).isEmpty();
            assertThat(byRevision.keySet()).containsExactlyInAnyOrder("1", "2");
            assertThat(ok.get()).isGreaterThan(100);
        }
    }

    @Test
    void aComponentScaledToZeroHoldsRequestsAsksForActivationOnceAndDrainsThemWhenAReplicaIsReady() {
        // Given a component with no replica
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "sleepy", "api-server");
            Fixture.workload(kube, "sleepy", "api-server", 1, 0, LocalClusterResource.Images.FAST);
            Fixture.revision(kafka, "sleepy", 1, "public", null, null);
            ComponentGate gate = Fixture.awaitRoute(registry, "sleepy", 1, "api-server", 0);

            // When three requests arrive
            List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(postAsync(server.publicPort(), "/default/sleepy/predict"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 3);

            // Then they are held and one activation is requested
            try (ConsumerTask<String, String> events = kafka.consumeStrings()
                    .withOffsetReset(OffsetResetStrategy.EARLIEST)
                    .fromTopics(Topics.METRICS, m -> m.select().where(r -> "local/default/sleepy".equals(r.key())))) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !activations(events).isEmpty());
                ActivationRequested data =
                        EventCodec.dataAs(EventCodec.decode(activations(events).get(0)), ActivationRequested.class);
                assertThat(data.component()).isEqualTo("api-server");
                assertThat(data.heldRequests()).isBetween(1, 3);
                assertThat(held).noneMatch(CompletableFuture::isDone);

                // When the autoscaler and the rollout service bring one replica up
                Fixture.scale(kube, "sleepy", "api-server", 1, 1);

                // Then the held requests are answered by it, and there was one activation for this cold start (a
                // marker sent after them, with the same key, so on the same partition, proves nothing came later)
                assertThat(held)
                        .allSatisfy(c -> assertThat(c.join().statusCode()).isEqualTo(200));
                kafka.produceStrings()
                        .fromRecords(new ProducerRecord<>(Topics.METRICS, "local/default/sleepy", "marker"))
                        .awaitCompletion(Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> events.getRecords().stream().anyMatch(r -> "marker".equals(r.value())));
                assertThat(activations(events)).hasSize(1);
            }
        }
    }

    private static List<String> activations(ConsumerTask<String, String> events) {
        return events.getRecords().stream()
                .map(ConsumerRecord::value)
                .filter(v -> v.contains(EventType.ACTIVATION_REQUESTED.type()))
                .toList();
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }
}
