package dev.tiffin.deployment.it;

import static dev.tiffin.deployment.it.KafkaEvents.awaitEvents;
import static dev.tiffin.deployment.it.KafkaEvents.send;
import static dev.tiffin.deployment.it.KafkaEvents.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read API of docs/internal-api.md and the catalogs. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class QueryApiTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @BeforeEach
    void catalog() {
        TestData.registerCatalog();
    }

    private DeploymentId deploy(String bento, Integer ifMatch, DeploymentAction action, DeploymentId id) {
        DeploymentRequested request = TestData.request(action, id, TestData.spec(id, bento), ifMatch);
        send(kafka, Topics.DEPLOYMENT_REQUESTS, id.key(), TestData.cloudEvent(id, request));
        awaitEvents(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                e -> EventType.DEPLOYMENT_ACCEPTED.type().equals(e.type())
                        && request.requestId().equals(text(e, "request_id")),
                1);
        return id;
    }

    @Test
    void a_deployment_its_spec_revisions_and_events() {
        DeploymentId id = deploy("iris:1.0.0", null, DeploymentAction.create, TestData.newId());
        deploy("iris:2.0.0", 1, DeploymentAction.update, id);
        String path = "/internal/v1/deployments/" + id.key();

        given().get(path)
                .then()
                .statusCode(200)
                .body("name", equalTo(id.name()))
                .body("namespace", equalTo("default"))
                .body("status", equalTo("deploying"))
                .body("revision", equalTo(2))
                .body("bento", equalTo("iris:2.0.0"))
                .body("spec.envs.find { it.name == 'TOKEN' }.secret", equalTo(true))
                .body("spec.envs.find { it.name == 'TOKEN' }.sealed", nullValue())
                .body("created_at", not(nullValue()));

        given().get(path + "/spec")
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("bento", equalTo("iris:2.0.0"))
                .body("cluster", equalTo(TestData.CLUSTER))
                .body("kube_namespace", equalTo("default"))
                .body("envs.find { it.name == 'TOKEN' }.sealed", nullValue())
                .body("api_server.resources.instance_type", equalTo("cpu.small"));

        given().get(path + "/revisions")
                .then()
                .statusCode(200)
                .body("revision", org.hamcrest.Matchers.contains(2, 1))
                .body("state", everyItem(equalTo("inactive")))
                .body("cause", org.hamcrest.Matchers.contains("update", "create"));
        given().get(path + "/revisions/1").then().statusCode(200).body("bento", equalTo("iris:1.0.0"));
        given().get(path + "/revisions/9").then().statusCode(404).contentType("application/problem+json");
        given().get(path + "/revisions/x").then().statusCode(400).body("errors[0].path", equalTo("revision"));

        given().get(path + "/events?limit=3")
                .then()
                .statusCode(200)
                .body("$", hasSize(3))
                .body("[2].subject", equalTo(id.key()));
        given().get(path + "/events")
                .then()
                .statusCode(200)
                .body("type", hasItem(EventType.REVISION_CREATED.type()))
                .body("[0].type", equalTo(EventType.DEPLOYMENT_ACCEPTED.type()));
        given().get(path + "/events?limit=0").then().statusCode(400);
    }

    @Test
    void listing_filters_and_pages() {
        DeploymentId id = deploy("iris:1.0.0", null, DeploymentAction.create, TestData.newId());

        given().get("/internal/v1/deployments?cluster=" + TestData.CLUSTER + "&label=team=ml&page_size=500")
                .then()
                .statusCode(200)
                .body("items.name", hasItem(id.name()))
                .body("page", equalTo(1))
                .body("page_size", equalTo(500));
        given().get("/internal/v1/deployments?label=team=nobody")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().get("/internal/v1/deployments?status=deploying&page_size=1")
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
        given().get("/internal/v1/deployments?page=zero")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("page"));
        given().get("/internal/v1/deployments?status=sleeping").then().statusCode(400);
        given().get("/internal/v1/deployments?label=nolabel").then().statusCode(400);
    }

    @Test
    void metrics_are_exported() {
        deploy("iris:1.0.0", null, DeploymentAction.create, TestData.newId());

        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .body(containsString("tiffin_deployment_requests_processed_total{action=\"create\""))
                        .body(containsString("tiffin_deployment_outbox_backlog"))
                        .body(containsString("tiffin_deployment_outbox_published_total"))
                        .body(org.hamcrest.Matchers.matchesPattern(
                                "(?s).*tiffin_deployment_deployments\\{status=\"deploying\"} [1-9].*")));
    }

    @Test
    void unknown_things_are_404_problems() {
        given().get("/internal/v1/deployments/it-local/default/nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
        given().get("/internal/v1/requests/never-sent").then().statusCode(404);
        given().get("/internal/v1/clusters/nope").then().statusCode(404);
        given().get("/internal/v1/instance-types/nope").then().statusCode(404);
        given().get("/internal/v1/bentos/nope/latest").then().statusCode(404);
    }

    @Test
    void catalogs() {
        given().get("/internal/v1/clusters").then().statusCode(200).body("name", hasItem(TestData.CLUSTER));
        given().get("/internal/v1/clusters/" + TestData.CLUSTER)
                .then()
                .statusCode(200)
                .body("default_namespace", equalTo("default"));
        given().get("/internal/v1/instance-types/cpu.small")
                .then()
                .statusCode(200)
                .body("memory", equalTo("2Gi"));
        given().get("/internal/v1/bentos/iris/latest").then().statusCode(200).body("version", equalTo("2.0.0"));
        given().get("/internal/v1/bentos/iris/1.0.0").then().statusCode(200).body("runners", hasItem("clf"));

        given().contentType("application/json")
                .body("{\"name\":\"" + TestData.CLUSTER + "\"}")
                .post("/internal/v1/clusters")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"name\":\"Bad_Name\",\"default_namespace\":\"default\"}")
                .post("/internal/v1/clusters")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("name"));
        given().contentType("application/json")
                .body("{\"name\":\"ok\",\"colour\":\"blue\"}")
                .post("/internal/v1/clusters")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("colour"))
                .body("errors[0].code", equalTo("unknown_field"));
        given().contentType("application/json")
                .body("{not json")
                .post("/internal/v1/instance-types")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json")
                .body("{\"name\":\"gpu.x\",\"cpu\":\"4\",\"memory\":\"lots\"}")
                .post("/internal/v1/instance-types")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("memory"));
        given().contentType("application/json")
                .body("{\"repository\":\"iris\",\"version\":\"latest\",\"image\":\"i\"}")
                .post("/internal/v1/bentos")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("version"))
                .body("detail", containsString("Bento"));
    }
}
