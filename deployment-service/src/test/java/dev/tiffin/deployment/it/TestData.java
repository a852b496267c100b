package dev.tiffin.deployment.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.Resources;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The catalog entries, specs and requests the @QuarkusTest classes share. */
final class TestData {

    static final String CLUSTER = "it-local";

    private TestData() {}

    /** Registers the test catalog through the API (idempotent: 201 or 409). */
    static void registerCatalog() {
        post("/internal/v1/clusters", "{\"name\":\"" + CLUSTER + "\",\"default_namespace\":\"default\"}");
        post("/internal/v1/instance-types", "{\"name\":\"cpu.small\",\"cpu\":\"1\",\"memory\":\"2Gi\",\"price\":0.05}");
        post(
                "/internal/v1/bentos",
                "{\"repository\":\"iris\",\"version\":\"1.0.0\",\"image\":\"img/iris:1\",\"api_server\":\"svc\","
                        + "\"runners\":[\"clf\"]}");
        post(
                "/internal/v1/bentos",
                "{\"repository\":\"iris\",\"version\":\"2.0.0\",\"image\":\"img/iris:2\",\"api_server\":\"svc\","
                        + "\"runners\":[\"clf\"]}");
    }

    private static void post(String path, String body) {
        given().contentType("application/json").body(body).post(path).then().statusCode(anyOf(is(201), is(409)));
    }

    static DeploymentId newId() {
        return new DeploymentId(
                CLUSTER, "default", "t-" + UUID.randomUUID().toString().substring(0, 8));
    }

    static DeploymentSpec spec(DeploymentId id, String bento) {
        return new DeploymentSpec(
                id.name(),
                "test deployment",
                null,
                null,
                null,
                bento,
                null,
                List.of(EnvVar.plain("MODE", "fast"), new EnvVar("TOKEN", null, true, "v1:c2VhbGVk")),
                null,
                Map.of("team", "ml"),
                new Component(
                        new Autoscaling(1, 2, null, null, null),
                        new Resources("cpu.small", null, null),
                        null,
                        null,
                        null),
                Map.of("clf", new Component(null, null, null, null, null)));
    }

    static DeploymentRequested request(DeploymentAction action, DeploymentId id, DeploymentSpec spec, Integer ifMatch) {
        return new DeploymentRequested(
                UUID.randomUUID().toString(), action, id, spec, "canonical", "it", ifMatch, null, null, Instant.now());
    }

    static String cloudEvent(DeploymentId id, EventData data) {
        CloudEvent event = EventCodec.wrap("tiffin/test", id.key(), data, Clock.systemUTC());
        return EventCodec.encode(event);
    }
}
