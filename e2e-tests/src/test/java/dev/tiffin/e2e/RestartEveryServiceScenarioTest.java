package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.testsupport.EventLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenario 10: while a RampedSlowRollout of 5 replicas whose new pods take 30 s to start runs under load, every Tiffin
 * service is stopped and started again, one at a time. The rollout finishes; revision 2 exists once, every step number
 * is taken once under one event id, the strategy's surge and unavailability bounds hold on every state a watch of the
 * cluster saw through the restarts, and the endpoint serves revision 2; no request got a wrong answer (404) from the
 * traffic-service while it read its state back.
 */
@Order(Integer.MAX_VALUE - 1)
class RestartEveryServiceScenarioTest {

    @Test
    void theRolloutFinishesWithNothingLostOrDoneTwice() throws Exception {
        TiffinStack stack = TiffinStack.get();
        String name = Scenarios.unique("restart");
        String key = Scenarios.key(name);
        Scenarios.createRunning(
                stack, Scenarios.publicSpec(name, "v1", "RampedSlowRollout", Scenarios.fixedReplicas(5)));

        try (EventLog log = new EventLog(stack.kafka);
                WorkloadObserver observer = new WorkloadObserver(stack.cluster.kubeconfig(), name);
                DataPlane.Load load = DataPlane.Load.start(stack.endpoint(name) + "/classify", null, 2, 20)) {
            await().atMost(Scenarios.WAIT).until(() -> observer.size() > 0);
            int before = observer.size();
            // Given revision 2 rolling out, its pods taking 30 s each to become ready
            stack.api()
                    .contentType("application/merge-patch+json")
                    .body(Map.of("bento", "iris-classifier:glacial"))
                    .patch("/v1/deployments/{n}", name)
                    .then()
                    .statusCode(200);
            await().atMost(Scenarios.WAIT).until(() -> !steps(log, key).isEmpty());

            // When every service is restarted, one after the other
            List<String> restartedMidRollout = new ArrayList<>();
            for (ServiceProcess service : List.of(
                    stack.rolloutService,
                    stack.deploymentService,
                    stack.autoscalerService,
                    stack.trafficService,
                    stack.gateway)) {
                boolean midRollout =
                        log.of(key, RolloutCompleted.class).stream().noneMatch(c -> c.revision() == 2);
                service.stop();
                service.start();
                if (midRollout) {
                    restartedMidRollout.add(service.toString());
                }
            }
            System.out.println("[scenario 10] restarted while revision 2 was rolling out: " + restartedMidRollout);

            // Then the rollout finishes and the endpoint serves revision 2
            await().atMost(Scenarios.WAIT.multipliedBy(3))
                    .until(() -> log.of(key, RolloutCompleted.class).stream().anyMatch(c -> c.revision() == 2));
            Scenarios.awaitStatus(stack, name, "running", 2);
            await().atMost(Scenarios.WAIT)
                    .until(() -> DataPlane.post(stack.endpoint(name) + "/classify", null)
                            .body()
                            .contains("\"revision\":\"2\""));
            assertThat(restartedMidRollout)
                    .as("services restarted mid-rollout (five new pods, 30 s each)")
                    .hasSize(5);
            // the strategy's bounds held through every restart (RampedSlowRollout: surge 1, unavailable 0), and it
            // ended with revision 2's five pods ready and revision 1 at zero
            await().atMost(Scenarios.WAIT).until(() -> {
                WorkloadObserver.State last = observer.states().get(observer.size() - 1);
                return last.readyOf(2) == 5 && last.desiredOf(1) == 0;
            });
            List<WorkloadObserver.State> during = observer.states().subList(before, observer.size());
            assertThat(during)
                    .as("Σdesired ≤ 5 + 1 on every state; %s", observer)
                    .allMatch(st -> st.desired() <= 6);
            assertThat(during)
                    .as("Σavailable ≥ 5 − 0 on every state; %s", observer)
                    .allMatch(st -> st.available() >= 5);
            System.out.println("[scenario 10] requests by status during the restarts: " + load.byStatus());
            // while the traffic-service was down its port refused connections (0), and while it read its state back it
            // said 503 "starting": never a wrong 404 for a deployment it had not read yet
            assertThat(load.byStatus()).doesNotContainKeys(404, 401, 500, 502);

            // nothing done twice: one accepted update, one revision 2, each step number once under one id
            assertThat(log.of(key, DeploymentAccepted.class)).hasSize(2);
            assertThat(log.of(key, RevisionCreated.class).stream()
                            .map(RevisionCreated::revision)
                            .toList())
                    .containsExactly(1, 2);
            List<Integer> numbers = steps(log, key).stream()
                    .map(RolloutStepCompleted::step)
                    .distinct()
                    .sorted()
                    .toList();
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).isEqualTo(i + 1);
            }
            // RampedSlowRollout from 5 to 5: up 1, down 1, five times
            assertThat(numbers).hasSize(10);
            Map<Integer, Set<String>> idsPerStep = log.all(key).stream()
                    .filter(s -> s.data() instanceof RolloutStepCompleted r
                            && r.revision() == 2
                            && "api-server".equals(r.component()))
                    .collect(Collectors.groupingBy(
                            s -> ((RolloutStepCompleted) s.data()).step(),
                            Collectors.mapping(s -> s.event().id(), Collectors.toSet())));
            assertThat(idsPerStep.values()).allMatch(ids -> ids.size() == 1);
            assertThat(stack.api()
                            .get("/v1/deployments/{n}/revisions", name)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("revision", Integer.class))
                    .containsExactlyInAnyOrder(1, 2);
        }
    }

    private static List<RolloutStepCompleted> steps(EventLog log, String key) {
        return log.of(key, RolloutStepCompleted.class).stream()
                .filter(s -> s.revision() == 2 && "api-server".equals(s.component()))
                .toList();
    }
}
