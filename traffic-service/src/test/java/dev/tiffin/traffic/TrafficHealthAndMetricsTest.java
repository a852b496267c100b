package dev.tiffin.traffic;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tiffin.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The traffic-service starts against a real broker, reports ready (Kafka included) and exports its metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class TrafficHealthAndMetricsTest {

    @Test
    void readyIncludesTheKafkaConnection() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Kafka")));
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
