package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.postAsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.proxy.ComponentGate;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The cold-start wait: a request held for a component scaled to zero that never gets a ready replica is answered 503
 * problem, reason {@code cold_start_timeout}, when the configured wait elapses (here 2 s instead of 5 min).
 */
@QuarkusTest
@TestProfile(ColdStartTimeoutTest.ShortColdStartWait.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class ColdStartTimeoutTest {

    /** A cold-start wait of 2 s. */
    public static class ShortColdStartWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tiffin.traffic.cold-start-wait", "2s");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    @Inject
    MeterRegistry meters;

    @Test
    void aRequestForAComponentThatNeverGetsAReadyReplicaGets503WhenTheColdStartWaitElapses() {
        // Given a component scaled to zero that nothing scales up
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "dormant", "api-server");
            Fixture.workload(kube, "dormant", "api-server", 1, 0, LocalClusterResource.Images.FAST);
        }
        Fixture.revision(kafka, "dormant", 1, "public", null, null);
        ComponentGate gate = Fixture.awaitRoute(registry, "dormant", 1, "api-server", 0);

        // When a request comes, it is held for a replica
        CompletableFuture<HttpResponse<String>> call = postAsync(server.publicPort(), "/default/dormant/predict");
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.waiting() == 1 || call.isDone());
        assertThat(call).isNotDone();

        // Then, when the cold-start wait has elapsed, it is answered 503 with a problem naming the reason
        HttpResponse<String> answer = call.join();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(answer.body())
                .contains("\"status\":503", "\"reason\":\"cold_start_timeout\"", "cold-start wait", "dormant");
        assertThat(gate.waiting()).isZero();
        assertThat(gate.inFlight()).isZero();
        Counter rejected = meters.find(TrafficMetrics.REJECTIONS)
                .tag("deployment", "dormant")
                .tag("reason", "cold_start_timeout")
                .counter();
        assertThat(rejected).isNotNull();
        assertThat(rejected.count()).isEqualTo(1.0);
    }
}
