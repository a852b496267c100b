package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.post;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The component timeout: no response started within it → 504 problem, and the request to the replica is cancelled. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class TimeoutTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    @Test
    void aSlowReplicaGets504AtTheTimeout() throws Exception {
        // Given a stand-in Bento that takes 3 s and a timeout of 500 ms
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "sluggish", "api-server");
            Fixture.workload(kube, "sluggish", "api-server", 1, 1, LocalClusterResource.Images.SLOW);
        }
        Fixture.revision(kafka, "sluggish", 1, "public", Fixture.traffic("500ms", null, null), null);
        ComponentGate gate = Fixture.awaitRoute(registry, "sluggish", 1, "api-server", 1);

        // When
        HttpResponse<String> answer = post(server.publicPort(), "/default/sluggish/predict");

        // Then
        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"status\":504", "\"reason\":\"timeout\"", "0.5 s");
        assertThat(gate.inFlight()).isZero();
    }

    @Test
    void theRequestToTheReplicaIsCancelledAtTheTimeout() throws Exception {
        // Given a replica that never answers and a timeout of 300 ms
        try (TestUpstream upstream = new TestUpstream();
                KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.externalComponent(kube, "hanging", "api-server", upstream.port());
            Fixture.revision(kafka, "hanging", 1, "public", Fixture.traffic("300ms", null, null), null);
            Fixture.awaitRoute(registry, "hanging", 1, "api-server", 1);

            // When
            HttpResponse<String> answer = post(server.publicPort(), "/default/hanging/hang");

            // Then the client got 504 and the replica saw its request's connection closed
            assertThat(answer.statusCode()).isEqualTo(504);
            assertThat(upstream.hangStarted.get()).isEqualTo(1);
            assertThat(upstream.hangClosed).succeedsWithin(Duration.ofSeconds(10));
        }
    }
}
