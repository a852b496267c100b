package dev.tiffin.rollout.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.tiffin.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** {@code POST /internal/v1/rollouts/plan}: the planner's sequence in snake_case; bad input is a 400 problem. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class RolloutPlanResourceTest {

    private static final String PATH = "/internal/v1/rollouts/plan";

    @Test
    void plansARollingUpdateOfTenReplicas() {
        given().contentType(ContentType.JSON)
                .body("{\"strategy\": \"RollingUpdate\", \"replicas\": 10, \"current_replicas\": 10}")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("max_surge", equalTo(3))
                .body("max_unavailable", equalTo(2))
                .body("min_available", equalTo(8))
                .body("max_total", equalTo(13))
                .body("steps", hasSize(9))
                .body("steps[0].new_replicas", equalTo(0))
                .body("steps[0].old_replicas", equalTo(10))
                .body("steps[1].new_replicas", equalTo(3))
                .body("steps[1].total", equalTo(13))
                .body("steps[2].old_replicas", equalTo(8))
                .body("steps[2].available", equalTo(8))
                .body("steps[8].new_ready", equalTo(10))
                .body("steps[8].old_ready", equalTo(0))
                .body("warnings", hasSize(0));
    }

    @Test
    void recreateWarnsOfDowntime() {
        given().contentType(ContentType.JSON)
                .body("{\"strategy\": \"Recreate\", \"replicas\": 3, \"current_replicas\": 3}")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("min_available", equalTo(0))
                .body("steps.available", contains(3, 0, 0, 3))
                .body("warnings[0]", startsWith("Recreate"));
    }

    @Test
    void currentReplicasDefaultsToTheTarget() {
        given().contentType(ContentType.JSON)
                .body("{\"strategy\": \"BestEffortControlledRollout\", \"replicas\": 1}")
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("max_unavailable", equalTo(1))
                .body("steps.available", contains(1, 0, 0, 1));
    }

    @Test
    void negativeReplicasAreABadRequestNamingTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"strategy\": \"RollingUpdate\", \"replicas\": -1}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.path", hasItem("replicas"))
                .body("errors.code", hasItem("out_of_range"));
    }

    @Test
    void anUnknownStrategyIsABadRequest() {
        given().contentType(ContentType.JSON)
                .body("{\"strategy\": \"BlueGreen\", \"replicas\": 2, \"current_replicas\": 5000}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors.path", contains("strategy", "current_replicas"));
    }

    @Test
    void malformedOrMistypedBodiesAreBadRequests() {
        given().contentType(ContentType.JSON)
                .body("{\"replicas\": \"3\"}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("replicas"));
        given().contentType(ContentType.JSON)
                .body("{\"replicas\": 3, \"surge\": 1}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("surge"))
                .body("errors[0].code", equalTo("unknown_field"));
        given().contentType(ContentType.JSON)
                .body("{\"replicas\": ")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("required"));
    }
}
