package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.testsupport.EventLog;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deployments become workloads on the local simulated cluster through the whole system (gateway, deployment-service,
 * rollout-service, Kafka, PostgreSQL): the status follows the rollout, a broken revision rolls back by itself and the
 * status says why, a named revision can be rolled back to, the rollout controls answer, and the rollout-service killed
 * in the middle of a rollout finishes it after its restart with no step skipped or taken twice.
 */
class RolloutEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(90);

    static TiffinStack stack;
    static EventLog log;

    @BeforeAll
    static void start() {
        stack = TiffinStack.get();
        log = new EventLog(stack.kafka);
    }

    @AfterAll
    static void stop() {
        log.close();
    }

    @Test
    void theStatusFollowsTheRolloutToRunningAndUpdatesRollOut() {
        // Given
        String name = unique("roll");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);

        // When it rolled out
        awaitStatus(name, "running", 1);

        // Then both components run, and an update rolls out as revision 2
        // (the final counts are reported right after the completion: the status can be read between the two)
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Object> apiServer = view(name).getMap("replicas.'api-server'");
            assertThat(apiServer).containsEntry("ready", 1);
        });
        stack.api()
                .contentType("application/merge-patch+json")
                .body(Map.of("bento", "iris-classifier:v2"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200);
        awaitStatus(name, "running", 2);
        assertThat(stack.cluster.simulator().pods().stream()
                        .filter(p -> p.name().startsWith(name + "-api-server-r2"))
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRevisionThatNeverBecomesReadyRollsBackByItselfAndTheStatusSaysWhy() {
        // Given revision 1 running, with a 10 s progress deadline
        String name = unique("broken");
        stack.api()
                .body(Specs.load("iris.json", name)
                        .replace(
                                "\"team\": \"ml\"",
                                "\"team\": \"ml\", \"tiffin.dev/progress-deadline-seconds\": \"10\""))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        awaitStatus(name, "running", 1);
        String caller = stack.token(name + "-caller", List.of("endpoints:invoke"));

        try (DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", caller, 2, 20)) {
            // When revision 2's pods never become ready
            stack.api()
                    .contentType("application/merge-patch+json")
                    .body(Map.of("bento", "iris-classifier:broken"))
                    .patch("/v1/deployments/{n}", name)
                    .then()
                    .statusCode(200);

            // Then it goes back to revision 1 and says why
            await().atMost(WAIT).untilAsserted(() -> {
                JsonPath v = view(name);
                assertThat(v.getString("status")).isEqualTo("running");
                assertThat(v.getString("status_reason")).isEqualTo("rolled_back");
                assertThat(v.getInt("active_revision")).isEqualTo(1);
                assertThat(v.getString("status_message")).contains("never became ready");
            });
            // and revision 1 served every request throughout (product scenario 5)
            assertThat(load.failed()).as("failed requests: %s", load.failures()).isZero();
            assertThat(load.okByRevision()).containsOnlyKeys("1");
        }
        assertThat(view(name).getInt("revision")).isEqualTo(2);
        String key = TiffinStack.CLUSTER + "/" + TiffinStack.NAMESPACE + "/" + name;
        await().atMost(WAIT).until(() -> !log.of(key, RolloutRolledBack.class).isEmpty());
        assertThat(log.of(key, RolloutFailed.class))
                .anySatisfy(f -> assertThat(f.message()).contains("never became ready"));
        assertThat(log.of(key, RolloutRolledBack.class).get(0).toRevision()).isEqualTo(1);
    }

    @Test
    void aNamedRevisionCanBeRolledBackToAndTheRolloutControlsNeedARollout() {
        // Given revisions 1 and 2
        String name = unique("back");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        awaitStatus(name, "running", 1);
        stack.api()
                .contentType("application/merge-patch+json")
                .body(Map.of("bento", "iris-classifier:v2"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200);
        awaitStatus(name, "running", 2);

        // When pausing with no rollout in progress
        stack.api()
                .post("/v1/deployments/{n}/rollout/pause", name)
                .then()
                .statusCode(409)
                .body("errors[0].code", equalTo("no_rollout"));

        // And rolling back to revision 1
        stack.api()
                .body(Map.of("revision", 1))
                .post("/v1/deployments/{n}/rollback", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(3));

        // Then revision 3 (revision 1's spec) serves
        awaitStatus(name, "running", 3);
        assertThat(view(name).getString("bento")).isEqualTo("iris-classifier:v1");
    }

    @Test
    void theRolloutServiceKilledMidRolloutFinishesItWithNoStepSkippedOrRepeated() throws Exception {
        // Given revision 1 with 4 replicas and a slow revision 2 rolling out one pod at a time
        String name = unique("crash");
        String spec = Specs.load("iris.json", name)
                .replace("\"deployment_strategy\": \"RollingUpdate\"", "\"deployment_strategy\": \"RampedSlowRollout\"")
                .replace(
                        "\"min_replicas\": 1,\n      \"max_replicas\": 3",
                        "\"min_replicas\": 4,\n      \"max_replicas\": 6");
        stack.api().body(spec).post("/v1/deployments").then().statusCode(201);
        awaitStatus(name, "running", 1);
        stack.api()
                .contentType("application/merge-patch+json")
                .body(Map.of("bento", "iris-classifier:slow"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200);
        String key = TiffinStack.CLUSTER + "/" + TiffinStack.NAMESPACE + "/" + name;
        await().atMost(WAIT).until(() -> apiServerSteps(key, 2).size() >= 2);

        // When the rollout-service is killed and started again
        stack.rolloutService.kill();
        stack.rolloutService.start();

        // Then the rollout finishes
        await().atMost(WAIT)
                .until(() -> log.of(key, RolloutCompleted.class).stream().anyMatch(c -> c.revision() == 2));
        awaitStatus(name, "running", 2);
        // with every step number taken once: 1..n with no gap, and a repeated report of a step carries its id
        List<RolloutStepCompleted> steps = apiServerSteps(key, 2);
        List<Integer> numbers = steps.stream()
                .map(RolloutStepCompleted::step)
                .distinct()
                .sorted()
                .toList();
        for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).isEqualTo(i + 1);
        }
        Map<Integer, Long> idsPerStep = log.all(key).stream()
                .filter(s -> s.data() instanceof RolloutStepCompleted r
                        && r.revision() == 2
                        && "api-server".equals(r.component()))
                .collect(Collectors.groupingBy(
                        s -> ((RolloutStepCompleted) s.data()).step(),
                        Collectors.mapping(s -> s.event().id(), Collectors.collectingAndThen(Collectors.toSet(), x ->
                                (long) x.size()))));
        assertThat(idsPerStep.values()).allMatch(n -> n == 1L);
        // RampedSlowRollout from 4 to 4: up 1, down 1, four times
        assertThat(numbers).hasSize(8);
    }

    private static List<RolloutStepCompleted> apiServerSteps(String key, int revision) {
        return log.of(key, RolloutStepCompleted.class).stream()
                .filter(s -> s.revision() == revision && "api-server".equals(s.component()))
                .toList();
    }

    private static void awaitStatus(String name, String status, int activeRevision) {
        Scenarios.awaitStatus(stack, name, status, activeRevision);
    }

    private static JsonPath view(String name) {
        return Scenarios.view(stack, name);
    }

    private static String unique(String prefix) {
        return Scenarios.unique(prefix);
    }
}
