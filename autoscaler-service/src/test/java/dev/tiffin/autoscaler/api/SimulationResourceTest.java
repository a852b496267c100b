package dev.tiffin.autoscaler.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.tiffin.testsupport.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** {@code POST /internal/v1/autoscaling/simulate}: the timeline in snake_case, and 400 problems naming the field. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
class SimulationResourceTest {

    private static final String PATH = "/internal/v1/autoscaling/simulate";

    @Test
    void answersTheTimelineOfTheFastPreset() {
        // Given
        String body = """
                {"autoscaling": {"min_replicas": 1, "max_replicas": 40, "metrics": [{"type": "cpu", "value": 10}],
                                 "scale_up": {"behavior": "fast"}, "scale_down": {"behavior": "fast"}},
                 "initial_replicas": 1, "interval_seconds": 15,
                 "ticks": [{"metrics": {"cpu": 100}}, {"metrics": {"cpu": 100}}, {"metrics": {"cpu": 100}},
                           {"metrics": {"cpu": 1, "qps": 3}, "ready_replicas": 20, "in_flight": 0}]}
                """;

        // When / Then
        given().contentType("application/json")
                .body(body)
                .when()
                .post(PATH)
                .then()
                .statusCode(200)
                .body("timeline.t", contains(0, 15, 30, 45))
                .body("timeline.current_replicas", contains(1, 5, 10, 20))
                .body("timeline.recommended_replicas", contains(10, 50, 100, 2))
                .body("timeline.desired_replicas", contains(5, 10, 20, 2))
                .body("timeline.limited_by", contains("scale_up_policy", "scale_up_policy", "scale_up_policy", "none"))
                .body("timeline[0].reason", startsWith("cpu at 100% of a 10% target (ratio 10) recommends 10;"));
    }

    @Test
    void aBadTickValueIsA400NamingTheField() {
        // Given
        String body = """
                {"autoscaling": {"max_replicas": 0, "metrics": [{"type": "cpu", "value": 80}]},
                 "initial_replicas": 1,
                 "ticks": [{"metrics": {"cpu": -5, "disk": 3}}]}
                """;

        // When / Then
        given().contentType("application/json")
                .body(body)
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.path", hasItem("autoscaling.max_replicas"))
                .body("errors.path", hasItem("ticks[0].metrics.cpu"))
                .body("errors.path", hasItem("ticks[0].metrics.disk"));
    }

    @Test
    void unknownFieldsAndWrongTypesAre400s() {
        // When / Then
        given().contentType("application/json")
                .body("{\"autoscaling\": {}, \"initial_replicas\": 1, \"ticks\": [{}], \"tick\": 1}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("tick"));
        given().contentType("application/json")
                .body("{\"autoscaling\": {}, \"initial_replicas\": \"three\", \"ticks\": [{}]}")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("initial_replicas"))
                .body("errors[0].code", equalTo("wrong_type"));
        given().contentType("application/json")
                .body("{\"autoscaling\": ")
                .when()
                .post(PATH)
                .then()
                .statusCode(400)
                .body("errors[0].code", equalTo("malformed"));
    }
}
