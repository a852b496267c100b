package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.testsupport.EventLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Product scenario 4: each strategy takes the API server from revision 1 to revision 2 under a constant load through
 * the traffic-service. RollingUpdate, RampedSlowRollout and BestEffortControlledRollout (at 5 replicas) fail no request
 * and never exceed their surge and unavailability bounds on any state an independent watch of the cluster saw; Recreate
 * stops every old pod before any new one is asked for, fails no request either — the traffic-service holds requests
 * while no replica is ready — and its downtime (how long the watch saw nothing available) is measured and printed
 * with the longest wait of a request.
 */
@Order(70)
class StrategiesUnderLoadScenarioTest {

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

    @ParameterizedTest(name = "{0} at {1} replicas")
    @CsvSource({
        // strategy, replicas, max surge, max unavailable (StrategyParameters, DESIGN.md §3)
        "RollingUpdate, 4, 1, 1",
        "RampedSlowRollout, 3, 1, 0",
        "BestEffortControlledRollout, 5, 0, 1",
        "Recreate, 2, 0, 2"
    })
    void revisionTwoRollsOutUnderLoadWithinTheStrategysBounds(
            String strategy, int replicas, int maxSurge, int maxUnavailable) throws Exception {
        String name = Scenarios.unique(strategy.toLowerCase().substring(0, 8));
        Scenarios.createRunning(stack, Scenarios.publicSpec(name, "v1", strategy, Scenarios.fixedReplicas(replicas)));
        await().atMost(Scenarios.WAIT).until(() -> Scenarios.readyPods(stack, name, "api-server") == replicas);

        try (WorkloadObserver observer = new WorkloadObserver(stack.cluster.kubeconfig(), name);
                DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 4, 80)) {
            await().atMost(Scenarios.WAIT).until(() -> load.ok() >= 20);
            int before = observer.size();

            stack.api()
                    .contentType("application/merge-patch+json")
                    .body(Map.of("bento", "iris-classifier:v2"))
                    .patch("/v1/deployments/{n}", name)
                    .then()
                    .statusCode(200);
            Scenarios.awaitStatus(stack, name, "running", 2);
            await().atMost(Scenarios.WAIT).until(() -> load.okByRevision().getOrDefault("2", 0L) >= 20);

            assertThat(load.failed())
                    .as("%s: failed requests %s", strategy, load.failures())
                    .isZero();
            List<WorkloadObserver.State> during = observer.states().subList(before, observer.size());
            assertThat(during).as("states seen during the rollout").isNotEmpty();
            assertThat(during)
                    .as("%s: Σdesired ≤ %d + %d on every state; %s", strategy, replicas, maxSurge, observer)
                    .allMatch(s -> s.desired() <= replicas + maxSurge);
            assertThat(during)
                    .as("%s: Σavailable ≥ %d − %d on every state; %s", strategy, replicas, maxUnavailable, observer)
                    .allMatch(s -> s.available() >= replicas - maxUnavailable);
            String downtime = "";
            if ("Recreate".equals(strategy)) {
                // Recreate: revision 2 gets replicas only once no pod of revision 1 is ready, so there is a moment
                // with nothing available; that gap is the downtime the traffic-service bridges by holding requests
                assertThat(during)
                        .as("Recreate: no revision-2 replica while a revision-1 pod is ready; %s", observer)
                        .noneMatch(s -> s.desiredOf(2) > 0 && s.readyOtherThan(2) > 0);
                assertThat(during)
                        .as("Recreate: some state with no available replica; %s", observer)
                        .anyMatch(s -> s.available() == 0);
                downtime = ", downtime (nothing available) " + downtime(during).toMillis() + " ms";
            }
            System.out.printf(
                    "[scenario 4] %s at %d replicas: rollout %d ms, %d requests, 0 failed, longest request %d ms%s%n",
                    strategy,
                    replicas,
                    rolloutDuration(name).toMillis(),
                    load.ok(),
                    load.maxLatency().toMillis(),
                    downtime);
        }
    }

    /** From the first state the watch saw with nothing available to the first one after it with a ready replica. */
    static Duration downtime(List<WorkloadObserver.State> states) {
        Instant down = null;
        for (WorkloadObserver.State s : states) {
            if (s.available() == 0 && down == null) {
                down = s.at();
            } else if (s.available() > 0 && down != null) {
                return Duration.between(down, s.at());
            }
        }
        throw new AssertionError("no end of the downtime in " + states);
    }

    /** From the rollout's start to its completion, by the rollout-service's event times. */
    private static Duration rolloutDuration(String name) {
        String key = Scenarios.key(name);
        await().atMost(Scenarios.WAIT)
                .until(() -> log.of(key, RolloutCompleted.class).stream().anyMatch(c -> c.revision() == 2));
        Instant started = log.all(key).stream()
                .filter(s -> s.data() instanceof RolloutStarted r && r.revision() == 2)
                .map(s -> s.event().time())
                .findFirst()
                .orElseThrow();
        Instant completed = log.all(key).stream()
                .filter(s -> s.data() instanceof RolloutCompleted r && r.revision() == 2)
                .map(s -> s.event().time())
                .findFirst()
                .orElseThrow();
        return Duration.between(started, completed);
    }
}
