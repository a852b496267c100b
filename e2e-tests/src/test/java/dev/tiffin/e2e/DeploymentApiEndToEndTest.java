package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiffin.contracts.json.TiffinJson;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The foundation's contract, through the packaged gateway and deployment-service on a real broker and PostgreSQL: what
 * a user sending documents with curl or the CLI sees.
 */
class DeploymentApiEndToEndTest {

    private static TiffinStack stack;

    @BeforeAll
    static void startStack() {
        stack = TiffinStack.get();
    }

    @Test
    void createThenDownloadGivesTheSameCanonicalDocumentWithTheSecretRedacted() throws Exception {
        String name = unique("iris");
        String sent = Specs.load("iris.json", name);

        Response created = stack.api().body(sent).post("/v1/deployments");
        created.then()
                .statusCode(201)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo(name))
                .body("revision", equalTo(1))
                .body("bento", equalTo("iris-classifier:v1"));

        JsonNode downloaded = TiffinJson.mapper()
                .readTree(stack.api()
                        .get("/v1/deployments/{n}/spec", name)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        ObjectNode expected = (ObjectNode) TiffinJson.mapper().readTree(sent);
        // the secret's value is never shown; everything else is exactly what was sent
        ((ObjectNode) expected.withArray("envs").get(1)).remove("value");
        assertThat(Json.normalized(downloaded)).isEqualTo(Json.normalized(expected));
        assertThat(downloaded.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void resubmittingTheDownloadedSpecCreatesNoRevision() {
        String name = unique("resubmit");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        String downloaded = stack.api()
                .get("/v1/deployments/{n}/spec", name)
                .then()
                .extract()
                .asString();

        stack.api()
                .body(downloaded)
                .put("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(1));
        stack.api()
                .get("/v1/deployments/{n}/revisions", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1));
    }

    @Test
    void updateMakesRevisionTwoAndTheHistoryListsBoth() {
        String name = unique("update");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);

        stack.api()
                .contentType("application/merge-patch+json")
                .body(Map.of("bento", "iris-classifier:v2", "labels", Map.of("release", "two")))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"2\""))
                .body("revision", equalTo(2))
                .body("bento", equalTo("iris-classifier:v2"))
                .body("spec.labels.team", equalTo("ml"))
                .body("spec.labels.release", equalTo("two"));

        stack.api()
                .get("/v1/deployments/{n}/revisions", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(List.of(2, 1)))
                .body("bento", equalTo(List.of("iris-classifier:v2", "iris-classifier:v1")));
    }

    @Test
    void staleIfMatchIsRefusedWith412() {
        String name = unique("ifmatch");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        stack.api()
                .contentType("application/merge-patch+json")
                .header("If-Match", "\"1\"")
                .body(Map.of("description", "second"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(2));

        stack.api()
                .contentType("application/merge-patch+json")
                .header("If-Match", "\"1\"")
                .body(Map.of("description", "third, from a stale copy"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(412)
                .contentType(containsString("application/problem+json"));
        stack.api().get("/v1/deployments/{n}", name).then().body("revision", equalTo(2));
    }

    @Test
    void theSameIdempotencyKeyTwiceMakesOneRevision() {
        String name = unique("idem");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 2; attempt++) {
            stack.api()
                    .contentType("application/merge-patch+json")
                    .header("Idempotency-Key", key)
                    .body(Map.of("description", "changed once"))
                    .patch("/v1/deployments/{n}", name)
                    .then()
                    .statusCode(200)
                    .body("revision", equalTo(2));
        }
        stack.api().get("/v1/deployments/{n}/revisions", name).then().body("size()", equalTo(2));
    }

    @Test
    void badInputIs400WithThePathsAtFault() {
        stack.api()
                .body("{\"name\": \"broken\", ")
                .post("/v1/deployments")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"));
        stack.api()
                .body(Specs.load("iris.json", unique("types"))
                        .replace("\"min_replicas\": 1", "\"min_replicas\": \"one\""))
                .post("/v1/deployments")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("api_server.autoscaling.min_replicas"));
        stack.api()
                .body(Specs.load("iris.json", unique("unknown"))
                        .replace("\"labels\"", "\"colour\": \"blue\", \"labels\""))
                .post("/v1/deployments")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("colour"));
        stack.api()
                .body(Specs.load("iris.json", unique("range")).replace("\"max_replicas\": 3", "\"max_replicas\": 0"))
                .post("/v1/deployments")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("api_server.autoscaling.max_replicas"));
    }

    @Test
    void unknownCatalogReferencesAre422() {
        stack.api()
                .body(Specs.load("iris.json", unique("nobento")).replace("iris-classifier:v1", "iris-classifier:v9"))
                .post("/v1/deployments")
                .then()
                .statusCode(422)
                .body("errors.path", hasItem("bento"));
        stack.api()
                .body(Specs.load("iris.json", unique("nocluster"))
                        .replace("\"cluster\": \"local\"", "\"cluster\": \"mars\""))
                .queryParam("cluster", "mars")
                .post("/v1/deployments")
                .then()
                .statusCode(422)
                .body("errors.path", hasItem("cluster"));
        stack.api()
                .body(Specs.load("iris.json", unique("notype")).replace("cpu.1", "cpu.64"))
                .post("/v1/deployments")
                .then()
                .statusCode(422)
                .body("errors.path", hasItem("api_server.resources.instance_type"));
    }

    @Test
    void withoutATokenIs401AndAReadOnlyTokenCannotWrite() {
        stack.api(null)
                .get("/v1/deployments")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        String reader = stack.token("reader", List.of("deployments:read"));
        stack.api(reader).get("/v1/deployments").then().statusCode(200);
        stack.api(reader)
                .body(Specs.load("iris.json", unique("forbidden")))
                .post("/v1/deployments")
                .then()
                .statusCode(403);
    }

    @Test
    void bentoMlV1AndV2FilesAreImportedToTheCanonicalForm() {
        String v1 = unique("v1");
        stack.api()
                .body(Specs.load("bentoml-v1.json", v1))
                .post("/v1/deployments")
                .then()
                .statusCode(201)
                .body("spec.bento", equalTo("llm-chat:v1"))
                .body("spec.api_server.resources.instance_type", equalTo("cpu.2"))
                .body("spec.runners.generator.resources.instance_type", equalTo("gpu.l4.1"))
                .body("spec.runners.tokenizer.autoscaling.max_replicas", equalTo(2));

        String v2 = unique("v2");
        stack.api()
                .config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig()
                                .encodeContentTypeAs("application/yaml", ContentType.TEXT)))
                .contentType("application/yaml")
                .body(Specs.load("bentoml-v2.yaml", v2))
                .post("/v1/deployments")
                .then()
                .statusCode(201)
                .body("spec.access_type", equalTo("protected"))
                .body("spec.api_server.autoscaling.metrics[0].type", equalTo("qps"))
                .body("spec.runners.generator.autoscaling.min_replicas", equalTo(0))
                .body("spec.runners.tokenizer.resources.instance_type", equalTo("cpu.1"));
    }

    @Test
    void waitNoneAnswers202WithARequestIdThatIsThenProcessed() {
        String name = unique("async");
        String requestId = stack.api()
                .body(Specs.load("iris.json", name))
                .queryParam("wait", "none")
                .post("/v1/deployments")
                .then()
                .statusCode(202)
                .body("request_id", notNullValue())
                .extract()
                .path("request_id");
        assertThat(requestId).isNotBlank();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> stack.api()
                        .get("/v1/deployments/{n}", name)
                        .then()
                        .statusCode(200)
                        .body("revision", equalTo(1)));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
