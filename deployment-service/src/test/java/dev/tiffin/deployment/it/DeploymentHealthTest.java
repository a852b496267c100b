package dev.tiffin.deployment.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Readiness covers both connections the deployment-service needs: PostgreSQL (reactive) and Kafka. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class DeploymentHealthTest {

    @Test
    void readyIncludesTheDatabaseAndKafka() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive PostgreSQL') }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Kafka') }.status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Kafka")));
    }
}
