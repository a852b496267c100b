package dev.tiffin.traffic;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.it.LocalClusterResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The traffic-service starts against a real broker, reports ready (Kafka included) and exports its metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class TrafficHealthAndMetricsTest {

    @Test
    void readyIncludesTheKafkaConnectionAndTheDataPlane() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().when()
                        .get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItem(containsString("Kafka")))
                        .body("checks.name", hasItem("traffic data plane")));
    }

    @Test
    void metricsArePublishedInPrometheusFormat() {
        given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tiffin_traffic_info{"))
                .body(containsString("jvm_memory_used_bytes"));
    }
}
