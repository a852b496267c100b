package dev.tiffin.gateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.StatusChanged;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Reads, ETags, YAML, the default cluster and PATCH, with {@link FakeDeploymentService} answering the reads. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(value = FakeDeploymentService.class, restrictToAnnotatedClass = true)
class DeploymentReadsAndPatchTest {

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @Test
    void aDeploymentInTheDefaultClusterHasItsRevisionAsETag() {
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/iris")
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"3\""))
                .body("status", equalTo("running"));
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/nope")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void theSpecDownloadsAsJsonOrYaml() {
        String json = given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/iris/spec")
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"3\""))
                .extract()
                .asString();
        assertThat(json).isEqualTo(FakeDeploymentService.SPEC);
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .get("/v1/deployments/iris/spec?format=yaml")
                .then()
                .statusCode(200)
                .contentType(containsString("application/yaml"))
                .body(containsString("name: iris"));
    }

    @Test
    void aMergePatchIsAnUpdateOfThePatchedRevision() {
        ConsumerTask<String, String> requests = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_REQUESTS);
        try {
            String requestId = given().auth()
                    .oauth2(GatewayApiTest.ADMIN)
                    .contentType("application/merge-patch+json")
                    .body("{\"description\":null,\"labels\":{\"tier\":\"gold\"},"
                            + "\"api_server\":{\"autoscaling\":{\"max_replicas\":5}}}")
                    .patch("/v1/deployments/iris?wait=none")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("request_id");
            ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> requests.getRecords().stream()
                                    .filter(r -> r.value().contains(requestId))
                                    .findFirst(),
                            Optional::isPresent)
                    .get();
            assertThat(record.key()).isEqualTo("local/default/iris");
            DeploymentRequested requested =
                    EventCodec.dataAs(EventCodec.decode(record.value()), DeploymentRequested.class);
            assertThat(requested.action()).isEqualTo(DeploymentAction.update);
            assertThat(requested.ifMatch()).isEqualTo(3);
            assertThat(requested.spec().description()).isNull();
            assertThat(requested.spec().labels()).containsEntry("team", "ml").containsEntry("tier", "gold");
            assertThat(requested.spec().apiServer().autoscaling().maxReplicas()).isEqualTo(5);
        } finally {
            requests.close();
        }
    }

    @Test
    void theEventStreamStartsWithTheHistoryAndGoesOnLive() throws Exception {
        List<String> lines = openEventStream(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, "history-1"));

        CloudEvent live = publishLiveEvent();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, live.id()));
        assertThat(lines).anyMatch(l -> l.contains("event:") && l.contains("dev.tiffin.deployment.status_changed.v1"));
        assertThat(ids(lines)).containsExactly("history-1", "history-2", "history-3", live.id());
    }

    @Test
    void aReconnectingClientResumesAfterItsLastEventId() throws Exception {
        List<String> lines = openEventStream("history-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, "history-3"));

        CloudEvent live = publishLiveEvent();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, live.id()));
        // the history up to and including the last event the client saw is not sent again
        assertThat(ids(lines)).containsExactly("history-3", live.id());
    }

    @Test
    void aLastEventIdOutsideTheHistoryReplaysAllOfIt() throws Exception {
        List<String> lines = openEventStream("an-event-older-than-the-history");
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, "history-3"));

        CloudEvent live = publishLiveEvent();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasId(lines, live.id()));
        assertThat(ids(lines)).containsExactly("history-1", "history-2", "history-3", live.id());
    }

    /** Opens {@code GET /v1/deployments/iris/events} (with a {@code Last-Event-ID} if given); its lines as they come. */
    private List<String> openEventStream(String lastEventId) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/deployments/iris/events"))
                .header("Authorization", "Bearer " + GatewayApiTest.ADMIN)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private CloudEvent publishLiveEvent() {
        CloudEvent live = EventCodec.wrap(
                "tiffin/deployment-service",
                "local/default/iris",
                new StatusChanged(new DeploymentId("local", "default", "iris"), "deploying", "running", 3, null, null),
                Clock.systemUTC());
        companion
                .produceStrings()
                .fromRecords(
                        new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, "local/default/iris", EventCodec.encode(live)))
                .awaitCompletion(Duration.ofSeconds(30));
        return live;
    }

    /** The {@code id:} fields of the SSE lines, in order. */
    private static List<String> ids(List<String> lines) {
        return lines.stream()
                .filter(l -> l.startsWith("id:"))
                .map(l -> l.substring("id:".length()).trim())
                .toList();
    }

    private static boolean hasId(List<String> lines, String id) {
        return ids(lines).contains(id);
    }

    @Test
    void aStaleIfMatchOrABadPatchIsRefused() {
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .contentType("application/merge-patch+json")
                .header("If-Match", "\"2\"")
                .body("{\"labels\":{\"tier\":\"gold\"}}")
                .patch("/v1/deployments/iris")
                .then()
                .statusCode(412)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .contentType("application/merge-patch+json")
                .body("{\"api_server\":{\"autoscaling\":{\"max_replicas\":\"many\"}}}")
                .patch("/v1/deployments/iris")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("api_server.autoscaling.max_replicas"));
        given().auth()
                .oauth2(GatewayApiTest.ADMIN)
                .contentType("application/merge-patch+json")
                .body("{\"name\":\"other\"}")
                .patch("/v1/deployments/iris")
                .then()
                .statusCode(400)
                .body("errors[0].path", equalTo("name"));
    }
}
