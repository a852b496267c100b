package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.Test;

/** MetricSampled every second per component for the autoscaler, and the Prometheus series. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class MeteringTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    @Test
    void everyComponentIsSampledOnTheMetricsTopicAndInPrometheus() throws Exception {
        // Given a deployment that is called 20 times
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "metered", "api-server");
            Fixture.workload(kube, "metered", "api-server", 1, 1, LocalClusterResource.Images.FAST);
        }
        Fixture.revision(kafka, "metered", 1, "public", null, null);
        Fixture.awaitRoute(registry, "metered", 1, "api-server", 1);
        try (ConsumerTask<String, String> samples = kafka.consumeStrings()
                .withOffsetReset(OffsetResetStrategy.LATEST)
                .fromTopics(
                        Topics.METRICS,
                        m -> m.select()
                                .where(r -> "local/default/metered".equals(r.key())
                                        && r.value().contains(EventType.METRIC_SAMPLED.type())
                                        && EventCodec.dataAs(EventCodec.decode(r.value()), MetricSampled.class)
                                                        .values()
                                                        .get("qps")
                                                > 0))) {

            // When
            for (int i = 0; i < 20; i++) {
                assertThat(post(server.publicPort(), "/default/metered/predict").statusCode())
                        .isEqualTo(200);
            }

            // Then a sample with the traffic-service's values arrives on tiffin.metrics
            samples.awaitNextRecord(Duration.ofSeconds(20));
            MetricSampled sample =
                    EventCodec.dataAs(EventCodec.decode(samples.getFirstRecord().value()), MetricSampled.class);
            assertThat(sample.deployment()).isEqualTo(Fixture.id("metered"));
            assertThat(sample.component()).isEqualTo("api-server");
            assertThat(sample.source()).isEqualTo("traffic-service");
            assertThat(sample.windowSeconds()).isEqualTo(1.0);
            assertThat(sample.values()).containsKeys("qps", "in_flight", "queue_depth", "rejected");
        }

        // and Prometheus has the series with bounded labels
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("tiffin_traffic_requests_total{cluster=\"local\",code=\"200\",component=\"api-server\","
                        + "deployment=\"metered\",namespace=\"default\"} 20.0")
                .contains("tiffin_traffic_request_duration_seconds_bucket{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\"")
                .contains("tiffin_traffic_in_flight_requests{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\"")
                .contains("tiffin_traffic_queue_depth_requests{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\"")
                .contains("tiffin_traffic_ready_replicas{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\",namespace=\"default\"} 1.0")
                .contains("tiffin_traffic_rejections_total{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\",namespace=\"default\",reason=\"queue_full\"}")
                .contains("tiffin_traffic_upstream_errors_total{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"metered\"");
    }
}
