package dev.tiffin.autoscaler.live;

import static dev.tiffin.autoscaler.Events.last;
import static dev.tiffin.autoscaler.Events.publish;
import static dev.tiffin.autoscaler.Events.received;
import static dev.tiffin.autoscaler.Events.revision;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.autoscaler.ClusterTestResource;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.Recommendation;
import dev.tiffin.autoscaler.state.StoredDeployment;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.ActivationRequested;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The live autoscaler against a real broker: revisions, replica reports and samples in, {@code ScalingDecided} out.
 * The test plays the traffic-service (samples, activations) and the rollout-service (replica reports after each
 * decision).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClusterTestResource.class)
class LiveAutoscalerTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String STATE_TOPIC = "tiffin.autoscaler.state";
    private static final Set<Integer> ALL_PARTITIONS =
            IntStream.range(0, 6).boxed().collect(Collectors.toSet());

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @Inject
    LiveAutoscaler autoscaler;

    private static String spec(String name, String autoscaling) {
        return "{\"name\":\"" + name + "\",\"bento\":\"iris:1\",\"api_server\":{\"autoscaling\":" + autoscaling + "}}";
    }

    private void traffic(DeploymentId id, double qps, double inFlight) {
        publish(
                companion,
                id,
                new MetricSampled(
                        id,
                        "api-server",
                        "traffic-service",
                        1.0,
                        Map.of("qps", qps, "in_flight", inFlight, "queue_depth", 0.0),
                        Instant.now()));
    }

    /** Plays the rollout-service: {@code replicas} desired and ready; returns once the autoscaler has applied it. */
    private void reported(DeploymentId id, int replicas) {
        publish(companion, id, new ReplicasChanged(id, 1, "api-server", replicas, replicas, replicas));
        await().atMost(WAIT)
                .until(() -> autoscaler
                        .find(id)
                        .map(d -> d.components().get("api-server"))
                        .filter(c -> c.current() != null && c.current() == replicas && c.ready() == replicas)
                        .isPresent());
    }

    private static List<Integer> desired(ConsumerTask<String, String> events, DeploymentId id) {
        return received(events, id, ScalingDecided.class).stream()
                .map(ScalingDecided::desiredReplicas)
                .toList();
    }

    @Test
    void qpsSamplesScaleAComponentUpAndBackDown() {
        // Given: qps 10 per replica, 1..5, fast up, fast down with a 4 s window; 1 replica ready
        DeploymentId id = new DeploymentId("local", "default", "qps-up-down");
        ConsumerTask<String, String> events = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_EVENTS);
        publish(
                companion,
                id,
                revision(
                        id,
                        1,
                        spec(
                                id.name(),
                                "{\"min_replicas\":1,\"max_replicas\":5,\"metrics\":[{\"type\":\"qps\",\"value\":10}],"
                                        + "\"scale_up\":{\"behavior\":\"fast\"},"
                                        + "\"scale_down\":{\"behavior\":\"fast\",\"stabilization_window_seconds\":4}}"),
                        List.of()));
        reported(id, 1);

        // When: 40 requests/s
        traffic(id, 40, 4);

        // Then: 4 replicas, explained
        await().atMost(WAIT).until(() -> desired(events, id).contains(4));
        ScalingDecided up = last(events, id, ScalingDecided.class).orElseThrow();
        assertThat(up.currentReplicas()).isEqualTo(1);
        assertThat(up.revision()).isEqualTo(1);
        assertThat(up.component()).isEqualTo("api-server");
        assertThat(up.limitedBy()).isEqualTo("none");
        assertThat(up.reason())
                .contains("qps at 40 req/s per ready replica of a 10 req/s target", "scaling from 1 to 4");
        assertThat(up.metrics())
                .containsEntry("qps", 40.0)
                .containsEntry("qps.target", 10.0)
                .containsEntry("qps.replicas", 4.0)
                .containsEntry("recommended_replicas", 4.0)
                .containsEntry("stabilized_replicas", 4.0)
                .containsEntry("in_flight", 4.0);

        // When: the rollout-service reports 4 ready replicas and traffic falls to 5 requests/s
        reported(id, 4);
        traffic(id, 5, 1);

        // Then: back to 1 once the 4 s window has passed, and no decision in between
        await().atMost(WAIT).until(() -> desired(events, id).contains(1));
        assertThat(desired(events, id)).containsExactly(4, 1);
        ScalingDecided down = last(events, id, ScalingDecided.class).orElseThrow();
        assertThat(down.currentReplicas()).isEqualTo(4);
        assertThat(down.metrics()).containsEntry("qps.replicas", 1.0);

        // and the status and the metrics tell the same story
        given().get("/internal/v1/deployments/local/default/qps-up-down/autoscaling")
                .then()
                .statusCode(200)
                .body("deployment.name", equalTo("qps-up-down"))
                .body("components[0].name", equalTo("api-server"))
                .body("components[0].current_replicas", equalTo(1))
                .body("components[0].desired_replicas", equalTo(1))
                .body("components[0].max_replicas", equalTo(5))
                .body("components[0].metrics.qps.value", equalTo(5.0f))
                .body("components[0].metrics.qps.target", equalTo(10.0f))
                .body("components[0].metrics.qps.source", equalTo("traffic-service"))
                .body("components[0].last_decisions.desired_replicas", equalTo(List.of(1, 4)))
                .body("components[0].last_decisions[1].reason", containsString("scaling from 1 to 4"));
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("tiffin_autoscaler_decisions_total{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"qps-up-down\",direction=\"up\",limited_by=\"none\",namespace=\"default\"} 1.0"))
                .body(containsString("tiffin_autoscaler_desired_replicas{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"qps-up-down\",namespace=\"default\"} 1.0"))
                .body(containsString("tiffin_autoscaler_metric_target{cluster=\"local\",component=\"api-server\","
                        + "deployment=\"qps-up-down\",metric=\"qps\",namespace=\"default\"} 10.0"))
                .body(containsString("tiffin_autoscaler_reaction_seconds_count"))
                .body(containsString("tiffin_autoscaler_evaluations_total"));
        events.close();
    }

    @Test
    void aComponentWithMinZeroGoesToZeroAndComesBackOnActivation() {
        // Given: min 0, a 2 s scale-down window, one replica and no request in flight
        DeploymentId id = new DeploymentId("local", "default", "to-zero");
        ConsumerTask<String, String> events = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_EVENTS);
        publish(
                companion,
                id,
                revision(
                        id,
                        1,
                        spec(
                                id.name(),
                                "{\"min_replicas\":0,\"max_replicas\":3,\"metrics\":[{\"type\":\"qps\",\"value\":10}],"
                                        + "\"scale_down\":{\"behavior\":\"fast\",\"stabilization_window_seconds\":2}}"),
                        List.of()));
        reported(id, 1);

        // When: idle traffic
        traffic(id, 0, 0);

        // Then: zero after the window
        await().atMost(WAIT).until(() -> desired(events, id).contains(0));
        ScalingDecided zero = last(events, id, ScalingDecided.class).orElseThrow();
        assertThat(zero.currentReplicas()).isEqualTo(1);

        // When: the rollout-service reports 0 replicas, then a request arrives
        reported(id, 0);
        publish(companion, id, new ActivationRequested(id, "api-server", 1));

        // Then: 1 replica at once
        await().atMost(WAIT).until(() -> desired(events, id).equals(List.of(0, 1)));
        ScalingDecided back = last(events, id, ScalingDecided.class).orElseThrow();
        assertThat(back.currentReplicas()).isZero();
        assertThat(back.limitedBy()).isEqualTo("activation");
        assertThat(back.reason()).contains("a request arrived at zero replicas: scaling from 0 to 1 at once");
        events.close();
    }

    @Test
    void theAutoscalerRestartedMidWindowKeepsItsWindow() {
        // Given: scaled 1 → 4 on 40 req/s, then 5 req/s held by a 12 s scale-down window
        DeploymentId id = new DeploymentId("local", "default", "restarted");
        ConsumerTask<String, String> events = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_EVENTS);
        publish(
                companion,
                id,
                revision(
                        id,
                        1,
                        spec(
                                id.name(),
                                "{\"min_replicas\":1,\"max_replicas\":6,\"metrics\":[{\"type\":\"qps\",\"value\":10}],"
                                        + "\"scale_down\":{\"behavior\":\"stable\",\"stabilization_window_seconds\":12}}"),
                        List.of()));
        reported(id, 1);
        traffic(id, 40, 4);
        await().atMost(WAIT).until(() -> desired(events, id).contains(4));
        reported(id, 4);
        traffic(id, 5, 1);
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(component(id).lastEvaluation().limitedBy()).isEqualTo("scale_down_stabilization"));
        Recommendation high = component(id).state().recommendations().stream()
                .filter(r -> r.replicas() == 4)
                .findFirst()
                .orElseThrow();
        Instant restart = Instant.now();

        // When: the autoscaler restarts (its partitions are revoked: state written, memory dropped; then assigned:
        // state loaded from the state topic, as a new instance does at start)
        autoscaler.revoked(ALL_PARTITIONS);
        autoscaler.assigned(ALL_PARTITIONS);

        // Then: the recommendation history came back with the high recommendation at its original time, and the
        // scale-down happens when that window ends, not one window after the restart
        assertThat(component(id).state().recommendations()).contains(high);
        assertThat(component(id).decisions()).hasSize(1);
        // the traffic-service goes on reporting 5 req/s every second
        ScheduledExecutorService trafficService = Executors.newSingleThreadScheduledExecutor();
        try {
            trafficService.scheduleAtFixedRate(() -> traffic(id, 5, 1), 0, 1, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> desired(events, id).contains(1));
        } finally {
            trafficService.shutdownNow();
        }
        assertThat(desired(events, id)).containsExactly(4, 1);
        Instant scaledDown = events.getRecords().stream()
                .filter(r -> id.key().equals(r.key()))
                .map(r -> Instant.ofEpochMilli(r.timestamp()))
                .max(Instant::compareTo)
                .orElseThrow();
        assertThat(scaledDown).isAfterOrEqualTo(high.at().plusSeconds(12)).isBefore(restart.plusSeconds(12));
        events.close();
    }

    @Test
    void aMessageIsSafeOnlyOnceItsDecisionIsSentAndItsStateWritten() throws Exception {
        // Given: a component with min 0 at zero replicas
        DeploymentId id = new DeploymentId("local", "default", "acknowledged");
        ConsumerTask<String, String> events = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_EVENTS);
        publish(
                companion,
                id,
                revision(
                        id,
                        1,
                        spec(
                                id.name(),
                                "{\"min_replicas\":0,\"max_replicas\":3,\"metrics\":[{\"type\":\"qps\",\"value\":10}]}"),
                        List.of()));
        reported(id, 0);

        // When: an activation is handled as the consumer hands it over (the consumer acknowledges the message, so that
        // its offset may be committed, only when the returned stage completes), while the test holds the autoscaler's
        // lock, which the loop thread needs to write the state
        LiveAutoscaler instance = ClientProxy.unwrap(autoscaler);
        CompletableFuture<Void> safe;
        synchronized (instance) {
            safe = instance.handle(new ActivationRequested(id, "api-server", 1), System.currentTimeMillis())
                    .toCompletableFuture();
            // Then: not safe before the state is written
            assertThat(safe).isNotDone();
        }
        safe.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = stateTopicEnds();

        // and once safe: the decision (0 → 1) was published, and the state with that decision was on the state topic
        // (below the end offsets read right after)
        await().atMost(WAIT).until(() -> desired(events, id).equals(List.of(1)));
        ConsumerTask<String, String> state = companion.consumeStrings().fromTopics(STATE_TOPIC);
        await().atMost(WAIT)
                .until(() -> ends.entrySet().stream()
                        .allMatch(e -> e.getValue() == 0
                                || state.getRecords().stream()
                                        .anyMatch(
                                                r -> r.partition() == e.getKey().partition()
                                                        && r.offset() >= e.getValue() - 1)));
        List<StoredDeployment> written = state.getRecords().stream()
                .filter(r -> id.key().equals(r.key()) && r.value() != null)
                .filter(r -> r.offset() < ends.get(new TopicPartition(STATE_TOPIC, r.partition())))
                .map(r -> stored(r.value()))
                .toList();
        assertThat(written)
                .anySatisfy(
                        d -> assertThat(d.components().get(0).pendingDesired()).isEqualTo(1));
        state.close();
        events.close();
    }

    private static StoredDeployment stored(String json) {
        try {
            return TiffinJson.mapper().readValue(json, StoredDeployment.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<TopicPartition, Long> stateTopicEnds() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 6)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(STATE_TOPIC, p), p -> OffsetSpec.latest()));
        return companion.getOrCreateAdminClient().listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Test
    void unreadableMessagesGoToTheDeadLetterTopicOfTheirTopic() {
        // Given
        ConsumerTask<String, String> metricsDlq = companion.consumeStrings().fromTopics(Topics.dlq(Topics.METRICS));
        ConsumerTask<String, String> eventsDlq =
                companion.consumeStrings().fromTopics(Topics.dlq(Topics.DEPLOYMENT_EVENTS));
        String badSample = "{\"specversion\":\"1.0\",\"id\":\"bad-1\",\"source\":\"test\","
                + "\"type\":\"dev.tiffin.metrics.sampled.v1\",\"subject\":\"local/default/x\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"values\":\"many\"}}";

        // When
        companion
                .produceStrings()
                .fromRecords(
                        new ProducerRecord<>(Topics.METRICS, "local/default/x", badSample),
                        new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, "local/default/x", "not json at all"))
                .awaitCompletion();

        // Then: each in its own dead-letter topic, with the reason; the consumer goes on (other tests pass)
        await().atMost(WAIT).until(() -> metricsDlq.getRecords().stream().anyMatch(r -> badSample.equals(r.value())));
        await().atMost(WAIT)
                .until(() -> eventsDlq.getRecords().stream().anyMatch(r -> "not json at all".equals(r.value())));
        ConsumerRecord<String, String> dead = metricsDlq.getRecords().stream()
                .filter(r -> badSample.equals(r.value()))
                .findFirst()
                .orElseThrow();
        assertThat(new String(dead.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                .isEqualTo(Topics.METRICS);
        assertThat(new String(dead.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("unreadable");
        given().get("/q/metrics")
                .then()
                .body(containsString("tiffin_autoscaler_messages_dead_lettered_total{topic=\"tiffin.metrics\"}"));
        metricsDlq.close();
        eventsDlq.close();
    }

    @Test
    void anUnknownDeploymentIsA404Problem() {
        given().get("/internal/v1/deployments/local/default/nobody/autoscaling")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("local/default/nobody"));
    }

    private LiveComponent component(DeploymentId id) {
        return autoscaler.find(id).orElseThrow().components().get("api-server");
    }
}
