package dev.tiffin.deployment.it;

import static dev.tiffin.deployment.it.KafkaEvents.awaitEvents;
import static dev.tiffin.deployment.it.KafkaEvents.awaitRecords;
import static dev.tiffin.deployment.it.KafkaEvents.send;
import static dev.tiffin.deployment.it.KafkaEvents.text;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.deployment.persistence.RevisionEntity;
import dev.tiffin.deployment.service.EventWriter;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests on the real topic, verdicts and revisions on the real topic and in PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RequestProcessingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @BeforeEach
    void catalog() {
        TestData.registerCatalog();
    }

    private void submit(DeploymentRequested request) {
        send(
                kafka,
                Topics.DEPLOYMENT_REQUESTS,
                request.deployment().key(),
                TestData.cloudEvent(request.deployment(), request));
    }

    private List<CloudEvent> verdicts(DeploymentRequested request, int count) {
        Predicate<CloudEvent> ofRequest = e -> request.requestId().equals(text(e, "request_id"))
                && (EventType.DEPLOYMENT_ACCEPTED.type().equals(e.type())
                        || EventType.DEPLOYMENT_REJECTED.type().equals(e.type()));
        return awaitEvents(kafka, Topics.DEPLOYMENT_EVENTS, ofRequest, count);
    }

    private CloudEvent verdict(DeploymentRequested request) {
        return verdicts(request, 1).get(0);
    }

    private static long revisionsInDb(DeploymentId id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> RevisionEntity.count(
                "deploymentId in (select d.id from DeploymentEntity d where d.deploymentKey = ?1)", id.key())));
    }

    private DeploymentId created() {
        DeploymentId id = TestData.newId();
        DeploymentRequested create =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:latest"), null);
        submit(create);
        assertThat(verdict(create).type()).isEqualTo(EventType.DEPLOYMENT_ACCEPTED.type());
        return id;
    }

    @Test
    void create_is_accepted_with_a_revision_on_kafka_and_in_the_database() throws Throwable {
        DeploymentId id = TestData.newId();
        DeploymentRequested create =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:latest"), null);

        submit(create);

        CloudEvent accepted = verdict(create);
        assertThat(accepted.type()).isEqualTo(EventType.DEPLOYMENT_ACCEPTED.type());
        assertThat(accepted.source()).isEqualTo(EventWriter.SOURCE);
        assertThat(accepted.data().path("revision").asInt()).isEqualTo(1);
        assertThat(accepted.data().path("revision_created").asBoolean()).isTrue();
        CloudEvent revision = awaitEvents(
                        kafka,
                        Topics.DEPLOYMENT_EVENTS,
                        e -> EventType.REVISION_CREATED.type().equals(e.type())
                                && id.key().equals(e.subject()),
                        1)
                .get(0);
        assertThat(revision.data().path("bento").path("version").asText()).isEqualTo("2.0.0");
        assertThat(revision.data().path("spec").path("bento").asText()).isEqualTo("iris:2.0.0");
        assertThat(revision.data().path("instance_types").has("cpu.small")).isTrue();
        assertThat(awaitRecords(kafka, Topics.DEPLOYMENT_EVENTS, r -> r.value().contains(accepted.id()), 1)
                        .get(0)
                        .key())
                .isEqualTo(id.key());
        assertThat(revisionsInDb(id)).isEqualTo(1);
        given().get("/internal/v1/requests/" + create.requestId())
                .then()
                .statusCode(200)
                .body("outcome", equalTo("accepted"))
                .body("revision", equalTo(1));
    }

    @Test
    void an_unchanged_resubmit_creates_no_revision() throws Throwable {
        DeploymentId id = created();
        DeploymentRequested update = TestData.request(
                DeploymentAction.update,
                id,
                TestData.spec(id, "iris:2.0.0").withIdentity(TestData.CLUSTER, "default"),
                1);

        submit(update);

        CloudEvent accepted = verdict(update);
        assertThat(accepted.type()).isEqualTo(EventType.DEPLOYMENT_ACCEPTED.type());
        assertThat(accepted.data().path("revision_created").asBoolean()).isFalse();
        assertThat(revisionsInDb(id)).isEqualTo(1);
    }

    @Test
    void a_stale_if_match_is_rejected_precondition_failed() {
        DeploymentId id = created();
        DeploymentRequested update = TestData.request(DeploymentAction.update, id, TestData.spec(id, "iris:1.0.0"), 5);

        submit(update);

        CloudEvent rejected = verdict(update);
        assertThat(rejected.type()).isEqualTo(EventType.DEPLOYMENT_REJECTED.type());
        assertThat(text(rejected, "reason")).isEqualTo("precondition_failed");
    }

    @Test
    void an_unknown_bento_is_rejected_invalid_with_path_bento() {
        DeploymentId id = TestData.newId();
        DeploymentRequested create =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:9.9.9"), null);

        submit(create);

        CloudEvent rejected = verdict(create);
        assertThat(text(rejected, "reason")).isEqualTo("invalid");
        assertThat(rejected.data().path("errors").get(0).path("path").asText()).isEqualTo("bento");
        given().get("/internal/v1/requests/" + create.requestId())
                .then()
                .statusCode(200)
                .body("outcome", equalTo("rejected"))
                .body("errors[0].path", equalTo("bento"));
    }

    @Test
    void a_duplicate_request_id_makes_one_revision_and_resends_the_verdict() throws Throwable {
        DeploymentId id = TestData.newId();
        DeploymentRequested create =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:1.0.0"), null);
        submit(create);
        verdict(create);

        submit(create);

        List<CloudEvent> both = verdicts(create, 2);
        assertThat(both).extracting(CloudEvent::type).containsOnly(EventType.DEPLOYMENT_ACCEPTED.type());
        assertThat(both.get(1).data()).isEqualTo(both.get(0).data());
        assertThat(revisionsInDb(id)).isEqualTo(1);
    }

    @Test
    void an_unreadable_request_goes_to_the_dead_letter_topic_and_the_consumer_keeps_going() {
        String junk = "{\"not\": \"a cloud event\" ";
        send(kafka, Topics.DEPLOYMENT_REQUESTS, "x/y/z", junk);
        send(kafka, Topics.DEPLOYMENT_EVENTS, "x/y/z", "definitely not json " + junk);

        awaitRecords(kafka, Topics.dlq(Topics.DEPLOYMENT_REQUESTS), r -> junk.equals(r.value()), 1);
        awaitRecords(kafka, Topics.dlq(Topics.DEPLOYMENT_EVENTS), r -> r.value().endsWith(junk), 1);
        created();
    }

    @Test
    void rollout_events_drive_the_status_and_delete_ends_it() {
        DeploymentId id = created();
        String path = "/internal/v1/deployments/" + id.key();
        given().get(path).then().statusCode(200).body("status", equalTo("deploying"));

        send(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                id.key(),
                TestData.cloudEvent(id, new RolloutStarted(id, 1, null, "RollingUpdate", List.of())));
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), TestData.cloudEvent(id, new RolloutCompleted(id, 1, 1200, 2)));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get(path)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("running"))
                        .body("active_revision", equalTo(1)));
        given().get(path + "/revisions/1").then().body("state", equalTo("active"));
        awaitEvents(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                e -> EventType.STATUS_CHANGED.type().equals(e.type())
                        && id.key().equals(e.subject())
                        && "running".equals(text(e, "to")),
                1);

        DeploymentRequested delete = TestData.request(DeploymentAction.delete, id, null, null);
        submit(delete);
        verdict(delete);
        given().get(path).then().statusCode(200).body("status", equalTo("terminating"));

        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), TestData.cloudEvent(id, new WorkloadsRemoved(id, "delete")));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get(path).then().statusCode(404));
        given().get("/internal/v1/deployments?cluster=" + TestData.CLUSTER + "&page_size=500")
                .then()
                .statusCode(200)
                .body("items.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id.name())));
    }

    @Test
    void an_event_seen_twice_is_applied_once() {
        DeploymentId id = created();
        String path = "/internal/v1/deployments/" + id.key();
        String started = TestData.cloudEvent(id, new RolloutStarted(id, 1, null, "RollingUpdate", List.of()));
        String completed = TestData.cloudEvent(id, new RolloutCompleted(id, 1, 1200, 1));
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), started);
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), completed);
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), started);
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), completed);
        String marker = TestData.cloudEvent(id, new WorkloadsRemoved(id, "terminate"));
        send(kafka, Topics.DEPLOYMENT_EVENTS, id.key(), marker);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get(path).then().body("status", equalTo("terminated")));
        List<String> types =
                given().get(path + "/events?limit=200").then().extract().path("type");
        assertThat(types.stream().filter(EventType.ROLLOUT_STARTED.type()::equals))
                .hasSize(1);
        assertThat(types.stream().filter(EventType.ROLLOUT_COMPLETED.type()::equals))
                .hasSize(1);
    }

    @Test
    void a_deleted_name_is_free_for_a_new_create() {
        DeploymentId id = created();
        DeploymentRequested delete = TestData.request(DeploymentAction.delete, id, null, null);
        submit(delete);
        verdict(delete);
        given().get("/internal/v1/deployments/" + id.key()).then().statusCode(404);

        DeploymentRequested again =
                TestData.request(DeploymentAction.create, id, TestData.spec(id, "iris:1.0.0"), null);
        submit(again);

        CloudEvent accepted = verdict(again);
        assertThat(accepted.type()).isEqualTo(EventType.DEPLOYMENT_ACCEPTED.type());
        assertThat(accepted.data().path("revision").asInt()).isEqualTo(1);
        given().get("/internal/v1/deployments/" + id.key())
                .then()
                .statusCode(200)
                .body("bento", equalTo("iris:1.0.0"));
    }
}
