package dev.tiffin.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against the real broker and PostgreSQL. The deployment-service is not running (its URL points at a
 * closed port): the tests answer its verdicts on {@code tiffin.deployment.events} as it would.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class GatewayApiTest {

    static final String ADMIN = "tfn_test-bootstrap-admin-token";
    static final String TARGET = "?cluster=local&namespace=default";

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @BeforeEach
    void eventsConsumerIsAssigned() {
        // until this instance's consumer has its partitions, a verdict could pass unseen (it starts at the latest
        // offset)
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    // ---- authentication and scopes --------------------------------------------------------------------------

    @Test
    void endpointsNeedABearerToken() {
        given().get("/v1/tokens")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer realm=\"tiffin\""));
        given().auth()
                .oauth2("tfn_not-a-token")
                .get("/v1/tokens")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"tiffin\", error=\"invalid_token\""));
        given().auth().oauth2(ADMIN).get("/v1/tokens").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("bearer"));
    }

    @Test
    void aTokenWithoutTheScopeIsForbidden() {
        String reader = createToken("reader", List.of("deployments:read")).path("token");
        given().auth()
                .oauth2(reader)
                .get("/v1/tokens")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        given().auth()
                .oauth2(reader)
                .contentType(ContentType.JSON)
                .body(spec("forbidden-one"))
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(403);
    }

    // ---- tokens -----------------------------------------------------------------------------------------------

    @Test
    void tokensAreCreatedListedRevokedAndAnnouncedWithoutTheirSecret() {
        ConsumerTask<String, String> access = companion.consumeStrings().fromTopics(Topics.ACCESS);
        try {
            Response created = createToken("ci", List.of("deployments:write"));
            String id = created.path("id");
            String secret = created.path("token");
            assertThat(secret).startsWith("tfn_").hasSize(4 + 43);

            given().auth()
                    .oauth2(ADMIN)
                    .get("/v1/tokens")
                    .then()
                    .statusCode(200)
                    .body("id", hasItem(id))
                    .body(not(containsString(secret)))
                    .body(not(containsString("hash")));
            given().auth()
                    .oauth2(secret)
                    .get("/v1/deployments/x/revisions" + TARGET)
                    .then()
                    .statusCode(503);

            ConsumerRecord<String, String> createdEvent = awaitRecord(access, id, EventType.TOKEN_CREATED);
            assertThat(createdEvent.value())
                    .doesNotContain(secret)
                    .contains("\"hash\"")
                    .contains("deployments:write");

            given().auth().oauth2(ADMIN).delete("/v1/tokens/" + id).then().statusCode(204);
            awaitRecord(access, id, EventType.TOKEN_REVOKED);
            given().auth().oauth2(secret).get("/v1/deployments" + TARGET).then().statusCode(401);
            given().auth().oauth2(ADMIN).delete("/v1/tokens/tok_nope").then().statusCode(404);
        } finally {
            access.close();
        }
    }

    @Test
    void badTokenRequestsAre400WithPaths() {
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"scopes\":[\"deployments:read\",\"root\"],\"colour\":1}")
                .post("/v1/tokens")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.path", hasItem("colour"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"scopes\":[\"deployments:read\",\"root\"]}")
                .post("/v1/tokens")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("scopes[1]"));
    }

    // ---- deployment writes ------------------------------------------------------------------------------------

    @Test
    void aCreatePublishesTheRequestAndAnswersWithTheVerdict() throws Exception {
        String name = unique("iris");
        String key = "local/default/" + name;
        ConsumerTask<String, String> requests = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_REQUESTS);
        try {
            CompletableFuture<Response> post = CompletableFuture.supplyAsync(() -> given().auth()
                    .oauth2(ADMIN)
                    .contentType(ContentType.JSON)
                    .body(specWithSecret(name))
                    .post("/v1/deployments" + TARGET + "&timeout=60"));

            ConsumerRecord<String, String> record = awaitRecord(requests, key, EventType.DEPLOYMENT_REQUESTED);
            CloudEvent event = EventCodec.decode(record.value());
            assertThat(event.source()).isEqualTo("tiffin/api-gateway");
            assertThat(record.value()).doesNotContain("s3cr3t");
            DeploymentRequested requested = EventCodec.dataAs(event, DeploymentRequested.class);
            assertThat(requested.action()).isEqualTo(DeploymentAction.create);
            assertThat(requested.spec().envs().get(0).sealed()).startsWith("v1:");
            assertThat(requested.spec().envs().get(0).value()).isNull();

            answer(
                    key,
                    new DeploymentAccepted(
                            requested.requestId(),
                            requested.deployment(),
                            DeploymentAction.create,
                            1,
                            true,
                            List.of()));

            Response response = post.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.header("Tiffin-Request-Id")).isEqualTo(requested.requestId());
            assertThat(response.header("ETag")).isEqualTo("\"1\"");
            assertThat(response.<Integer>path("revision")).isEqualTo(1);
        } finally {
            requests.close();
        }
    }

    @Test
    void aRejectionBecomesAProblemWithItsStatus() throws Exception {
        String name = unique("dup");
        String key = "local/default/" + name;
        ConsumerTask<String, String> requests = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_REQUESTS);
        try {
            CompletableFuture<Response> post = CompletableFuture.supplyAsync(() -> given().auth()
                    .oauth2(ADMIN)
                    .contentType(ContentType.JSON)
                    .body(spec(name))
                    .post("/v1/deployments" + TARGET));
            DeploymentRequested requested = EventCodec.dataAs(
                    EventCodec.decode(awaitRecord(requests, key, EventType.DEPLOYMENT_REQUESTED)
                            .value()),
                    DeploymentRequested.class);
            answer(
                    key,
                    new DeploymentRejected(
                            requested.requestId(),
                            requested.deployment(),
                            DeploymentAction.create,
                            DeploymentRejected.Reason.conflict,
                            List.of(Violation.of("name", "exists", "a deployment named " + name + " exists"))));
            Response response = post.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.<String>path("errors[0].path")).isEqualTo("name");
        } finally {
            requests.close();
        }
    }

    @Test
    void waitNoneAnswers202AndAnIdempotencyKeyGivesTheSameRequest() {
        String name = unique("quick");
        String keyHeader = UUID.randomUUID().toString();
        String first = given().auth()
                .oauth2(ADMIN)
                .header("Idempotency-Key", keyHeader)
                .contentType(ContentType.JSON)
                .body(spec(name))
                .post("/v1/deployments" + TARGET + "&wait=none")
                .then()
                .statusCode(202)
                .header("Location", containsString("/v1/requests/"))
                .body("request_id", notNullValue())
                .extract()
                .path("request_id");
        given().auth()
                .oauth2(ADMIN)
                .header("Idempotency-Key", keyHeader)
                .contentType(ContentType.JSON)
                .body(spec(name))
                .post("/v1/deployments" + TARGET + "&wait=none")
                .then()
                .statusCode(202)
                .body("request_id", equalTo(first));
        given().auth()
                .oauth2(ADMIN)
                .header("Idempotency-Key", keyHeader)
                .contentType(ContentType.JSON)
                .body(spec(name + "-other"))
                .post("/v1/deployments" + TARGET + "&wait=none")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tiffin_gateway_writes_total{action=\"create\",outcome=\"published\""));
    }

    @Test
    void aYamlDocumentIsReadAsTheCanonicalSpec() {
        String name = unique("yaml");
        String yaml = "name: " + name + "\nbento: iris:1\nlabels:\n  team: ml\napi_server:\n  autoscaling:\n"
                + "    min_replicas: 1\n    max_replicas: 3\n";
        given().auth()
                .oauth2(ADMIN)
                .contentType("application/yaml")
                .body(yaml.getBytes(StandardCharsets.UTF_8))
                .post("/v1/deployments" + TARGET + "&wait=none")
                .then()
                .statusCode(202)
                .body("deployment", equalTo("local/default/" + name));
        given().auth()
                .oauth2(ADMIN)
                .contentType("application/yaml")
                .body((yaml + "replicas: 3\n").getBytes(StandardCharsets.UTF_8))
                .post("/v1/deployments" + TARGET + "&wait=none")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("replicas"));
    }

    @Test
    void badDocumentsAre400WithPathsBeforeAnythingIsPublished() {
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"name\": \"x\",\n  \"api_server\": {")
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].message", containsString("line"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"bento\":\"iris:1\",\"api_server\":{},\"replicas\":3}")
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("replicas"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(
                        "{\"name\":\"x\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":{\"min_replicas\":\"two\"}}}")
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("api_server.autoscaling.min_replicas"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body("{\"bento\":\"iris:1\"}")
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("name"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(spec("elsewhere").replaceFirst("\\{", "{\"cluster\":\"prod\","))
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("cluster"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(spec("later"))
                .post("/v1/deployments" + TARGET + "&wait=sometime")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("wait"));
        given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.TEXT)
                .body("name: x")
                .post("/v1/deployments" + TARGET)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void theDeploymentServiceBeingDownIsA503() {
        given().auth()
                .oauth2(ADMIN)
                .get("/v1/deployments/iris" + TARGET)
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .contentType("application/problem+json");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private Response createToken(String name, List<String> scopes) {
        String body = "{\"name\":\"" + name + "\",\"scopes\":[\"" + String.join("\",\"", scopes)
                + "\"],\"expires_in_seconds\":3600}";
        return given().auth()
                .oauth2(ADMIN)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/tokens")
                .then()
                .statusCode(201)
                .header("Location", containsString("/v1/tokens/"))
                .extract()
                .response();
    }

    private void answer(String key, EventData verdict) {
        CloudEvent event = EventCodec.wrap("tiffin/deployment-service", key, verdict, Clock.systemUTC());
        companion
                .produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, key, EventCodec.encode(event)))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    private static ConsumerRecord<String, String> awaitRecord(
            ConsumerTask<String, String> task, String key, EventType type) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> find(task, key, type), Optional::isPresent)
                .get();
    }

    private static Optional<ConsumerRecord<String, String>> find(
            ConsumerTask<String, String> task, String key, EventType type) {
        return task.getRecords().stream()
                .filter(r -> key.equals(r.key()) && r.value().contains("\"" + type.type() + "\""))
                .findFirst();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String spec(String name) {
        return "{\"name\":\"" + name + "\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":"
                + "{\"min_replicas\":1,\"max_replicas\":2}}}";
    }

    static String specWithSecret(String name) {
        return "{\"name\":\"" + name + "\",\"bento\":\"iris:1\",\"envs\":[{\"name\":\"API_KEY\",\"value\":\"s3cr3t\","
                + "\"secret\":true}],\"api_server\":{\"autoscaling\":{\"min_replicas\":1,\"max_replicas\":2}}}";
    }
}
