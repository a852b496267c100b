package dev.tiffin.rollout.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.rollout.domain.StrategyParameters;
import dev.tiffin.rollout.executor.WorkloadWatcher.Revision;
import dev.tiffin.testsupport.EmbeddedKafka;
import dev.tiffin.testsupport.EventLog;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The live rollout executor against a real Kafka broker and the local simulated cluster: revisions become workloads
 * rolled out with each strategy (its bounds asserted on every state an observer of the cluster saw), a revision that
 * never becomes ready is rolled back at its deadline, pause/resume, scaling decisions, terminate, restart and delete.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterTestResource.class)
class RolloutExecutorTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    static EventLog log;
    static KubernetesClient client;
    static WorkloadWatcher watcher;

    @BeforeAll
    static void observe() {
        log = new EventLog(EmbeddedKafka.bootstrapServers());
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(
                        "tiffin-local",
                        LocalClusterTestResource.cluster().kubeconfig().toFile()))
                .build();
        watcher = new WorkloadWatcher(client);
    }

    @AfterAll
    static void stop() {
        watcher.close();
        client.close();
        log.close();
    }

    @ParameterizedTest(name = "{0}, {1} replicas: revision 1 → 2 within the strategy's bounds")
    @CsvSource({"RollingUpdate, 4", "RampedSlowRollout, 3", "BestEffortControlledRollout, 5", "Recreate, 3"})
    void each_strategy_rolls_out_within_its_bounds(String strategyName, int replicas) {
        // Given revision 1 running
        DeploymentStrategy strategy = DeploymentStrategy.parse(strategyName);
        String name = "s-" + strategyName.toLowerCase().substring(0, 6) + "-" + shortId();
        DeploymentId id = id(name);
        publish(revision(id, 1, strategyName, replicas, "registry.local/iris:v1"));
        awaitCompleted(id, 1);
        int historyBefore = watcher.history(name).size();

        // When revision 2 is rolled out
        publish(revision(id, 2, strategyName, replicas, "registry.local/iris:v2"));
        awaitCompleted(id, 2);

        // Then every state the cluster went through kept the strategy's bounds
        StrategyParameters p = StrategyParameters.resolve(strategy, replicas);
        List<Map<Integer, Revision>> states = watcher.history(name)
                .subList(historyBefore, watcher.history(name).size());
        assertThat(states).isNotEmpty();
        for (Map<Integer, Revision> state : states) {
            int desired = state.values().stream().mapToInt(Revision::desired).sum();
            int available =
                    state.values().stream().mapToInt(Revision::available).sum();
            assertThat(desired).as("desired replicas in %s", state).isLessThanOrEqualTo(p.maxTotal());
            if (p.isRecreate()) {
                Revision old = state.getOrDefault(1, new Revision(0, 0, 0));
                Revision next = state.getOrDefault(2, new Revision(0, 0, 0));
                assertThat(next.desired() > 0 && old.current() > 0)
                        .as("Recreate starts revision 2 only once revision 1 has no pod: %s", state)
                        .isFalse();
            } else {
                assertThat(available).as("available replicas in %s", state).isGreaterThanOrEqualTo(p.minAvailable());
            }
        }
        // and the steps were reported once each, numbered from 1, and revision 1 is gone
        List<Integer> steps = log.of(id.key(), RolloutStepCompleted.class).stream()
                .filter(s -> s.revision() == 2)
                .map(RolloutStepCompleted::step)
                .distinct()
                .toList();
        assertThat(steps).isNotEmpty();
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i)).isEqualTo(i + 1);
        }
        await().atMost(WAIT).until(() -> !watcher.current(name).containsKey(1));
        assertThat(watcher.current(name).get(2).available()).isEqualTo(replicas);
    }

    @Test
    void recreate_and_small_best_effort_warn_of_downtime() {
        // Given
        DeploymentId id = id("warn-" + shortId());

        // When
        publish(revision(id, 1, "Recreate", 2, "registry.local/iris:v1"));

        // Then
        await().atMost(WAIT).until(() -> !log.of(id.key(), RolloutStarted.class).isEmpty());
        assertThat(log.of(id.key(), RolloutStarted.class).get(0).warnings()).anyMatch(w -> w.contains("downtime"));
    }

    @Test
    void a_revision_that_never_becomes_ready_is_rolled_back_and_the_old_one_keeps_serving() {
        // Given revision 1 running, and a 2 s progress deadline
        String name = "broken-" + shortId();
        DeploymentId id = id(name);
        publish(revision(id, 1, "RollingUpdate", 3, "registry.local/iris:v1", "2"));
        awaitCompleted(id, 1);
        int historyBefore = watcher.history(name).size();

        // When revision 2 never becomes ready
        publish(revision(id, 2, "RollingUpdate", 3, "registry.local/broken:v2", "2"));

        // Then the rollout fails at the deadline, says why, and goes back to revision 1
        await().atMost(WAIT)
                .until(() -> !log.of(id.key(), RolloutRolledBack.class).isEmpty());
        RolloutFailed failed = log.of(id.key(), RolloutFailed.class).get(0);
        assertThat(failed.revision()).isEqualTo(2);
        assertThat(failed.reason()).isEqualTo("progress_deadline_exceeded");
        assertThat(failed.message()).contains("never became ready");
        RolloutRolledBack back = log.of(id.key(), RolloutRolledBack.class).get(0);
        assertThat(back.fromRevision()).isEqualTo(2);
        assertThat(back.toRevision()).isEqualTo(1);
        await().atMost(WAIT).until(() -> !watcher.current(name).containsKey(2));
        // revision 1 kept at least replicas − maxUnavailable available the whole time
        StrategyParameters p = StrategyParameters.resolve(DeploymentStrategy.ROLLING_UPDATE, 3);
        for (Map<Integer, Revision> state : watcher.history(name)
                .subList(historyBefore, watcher.history(name).size())) {
            assertThat(state.getOrDefault(1, new Revision(0, 0, 0)).available())
                    .as("revision 1 available in %s", state)
                    .isGreaterThanOrEqualTo(p.minAvailable());
        }
    }

    @Test
    void pause_holds_the_rollout_and_resume_finishes_it() {
        // Given a slow revision 2 rolling out one pod at a time
        String name = "pause-" + shortId();
        DeploymentId id = id(name);
        publish(revision(id, 1, "RampedSlowRollout", 3, "registry.local/iris:v1"));
        awaitCompleted(id, 1);
        publish(revision(id, 2, "RampedSlowRollout", 3, "registry.local/slow:v2"));
        await().atMost(WAIT).until(() -> steps(id, 2) >= 1);

        // When paused
        publish(accepted(id, DeploymentAction.pause, 2));
        int pausedSteps = steps(id, 2);

        // Then no further step is taken while paused (the slow pods become ready meanwhile)
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> steps(id, 2) <= pausedSteps + 1);
        assertThat(log.of(id.key(), RolloutCompleted.class).stream().filter(c -> c.revision() == 2))
                .isEmpty();

        // And resume finishes it
        publish(accepted(id, DeploymentAction.resume, 2));
        awaitCompleted(id, 2);
    }

    @Test
    void scaling_decisions_change_the_replicas_and_are_reported() {
        // Given
        String name = "scale-" + shortId();
        DeploymentId id = id(name);
        publish(revision(id, 1, "RollingUpdate", 1, "registry.local/iris:v1"));
        awaitCompleted(id, 1);

        // When the autoscaler decides 3 replicas
        publish(new ScalingDecided(id, 1, "api-server", 1, 3, "cpu 95% of 80%", "none", Map.of("cpu", 95.0)));

        // Then the workload runs 3 ready replicas and replicas-changed says so
        await().atMost(WAIT)
                .until(() -> log.of(id.key(), ReplicasChanged.class).stream()
                        .anyMatch(r -> r.desired() == 3 && r.ready() == 3));
        assertThat(watcher.current(name).get(1).available()).isEqualTo(3);
    }

    @Test
    void terminate_removes_the_workloads_restart_brings_them_back_and_delete_removes_everything() {
        // Given
        String name = "life-" + shortId();
        DeploymentId id = id(name);
        publish(revision(id, 1, "RollingUpdate", 2, "registry.local/iris:v1"));
        awaitCompleted(id, 1);

        // When terminated
        publish(accepted(id, DeploymentAction.terminate, 1));

        // Then everything of it is gone from the cluster
        await().atMost(WAIT)
                .until(() -> !log.of(id.key(), WorkloadsRemoved.class).isEmpty());
        assertThat(log.of(id.key(), WorkloadsRemoved.class).get(0).cause()).isEqualTo("terminate");
        assertThat(objectsOf(name)).isZero();

        // When restarted (a new revision with the same spec)
        publish(revision(id, 2, "RollingUpdate", 2, "registry.local/iris:v1"));
        awaitCompleted(id, 2);
        assertThat(watcher.current(name).get(2).available()).isEqualTo(2);

        // When deleted
        publish(accepted(id, DeploymentAction.delete, 2));
        await().atMost(WAIT)
                .until(() ->
                        log.of(id.key(), WorkloadsRemoved.class).stream().anyMatch(w -> "delete".equals(w.cause())));
        assertThat(objectsOf(name)).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private int objectsOf(String name) {
        String label = "tiffin.dev/deployment";
        return client.apps()
                        .deployments()
                        .inNamespace("default")
                        .withLabel(label, name)
                        .list()
                        .getItems()
                        .size()
                + client.services()
                        .inNamespace("default")
                        .withLabel(label, name)
                        .list()
                        .getItems()
                        .size()
                + client.secrets()
                        .inNamespace("default")
                        .withLabel(label, name)
                        .list()
                        .getItems()
                        .size()
                + client.configMaps()
                        .inNamespace("default")
                        .withLabel(label, name)
                        .list()
                        .getItems()
                        .size();
    }

    private int steps(DeploymentId id, int revision) {
        return (int) log.of(id.key(), RolloutStepCompleted.class).stream()
                .filter(s -> s.revision() == revision)
                .map(RolloutStepCompleted::step)
                .distinct()
                .count();
    }

    private void awaitCompleted(DeploymentId id, int revision) {
        await().atMost(WAIT)
                .until(() -> log.of(id.key(), RolloutCompleted.class).stream().anyMatch(c -> c.revision() == revision));
    }

    private void publish(EventData data) {
        DeploymentId id = deploymentOf(data);
        CloudEvent event = EventCodec.wrap("test", id.key(), data, Clock.systemUTC());
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, id.key(), EventCodec.encode(event)))
                .awaitCompletion();
    }

    private static DeploymentId deploymentOf(EventData data) {
        if (data instanceof RevisionCreated r) {
            return r.deployment();
        }
        if (data instanceof DeploymentAccepted a) {
            return a.deployment();
        }
        return ((ScalingDecided) data).deployment();
    }

    static DeploymentAccepted accepted(DeploymentId id, DeploymentAction action, int revision) {
        return new DeploymentAccepted(UUID.randomUUID().toString(), id, action, revision, false, List.of());
    }

    static RevisionCreated revision(DeploymentId id, int revision, String strategy, int replicas, String image) {
        return revision(id, revision, strategy, replicas, image, null);
    }

    static RevisionCreated revision(
            DeploymentId id, int revision, String strategy, int replicas, String image, String deadlineSeconds) {
        String labels = deadlineSeconds == null
                ? "{}"
                : "{\"tiffin.dev/progress-deadline-seconds\": \"" + deadlineSeconds + "\"}";
        String json = """
                {"name": "%s", "cluster": "local", "kube_namespace": "default", "access_type": "public",
                 "bento": "iris:v%d", "deployment_strategy": "%s", "labels": %s,
                 "api_server": {"autoscaling": {"min_replicas": %d, "max_replicas": %d}}}
                """.formatted(id.name(), revision, strategy, labels, replicas, replicas + 5);
        DeploymentSpec spec;
        try {
            spec = TiffinJson.mapper().readValue(json, DeploymentSpec.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new RevisionCreated(
                id,
                revision,
                revision > 1 ? revision - 1 : null,
                "req-" + UUID.randomUUID(),
                revision == 1 ? "create" : "update",
                spec,
                new BentoInfo("iris", "v" + revision, image, "svc:Iris", List.of()),
                Map.of(),
                new ClusterInfo("local", "default", null, null),
                Instant.now());
    }

    static DeploymentId id(String name) {
        return new DeploymentId("local", "default", name);
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 6);
    }
}
