package dev.tiffin.gateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness covers both connections the gateway needs: PostgreSQL (reactive, tokens) and Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class GatewayHealthTest {

    @Test
    void readyIncludesTheDatabaseAndKafka() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Kafka') }.status", equalTo("UP"));
    }
}
