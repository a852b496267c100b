package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Accepted work is never lost nor done twice: a burst of 200 writes (updates, five per deployment, each changing a
 * label) with the deployment-service killed (SIGKILL) and restarted in the middle. Afterwards every deployment has
 * exactly six revisions, numbered 1..6, the last one carrying the last write of its sequence. It runs last: its 240
 * revisions keep the rollout-service and the simulated cluster busy for minutes after it.
 */
@Order(Integer.MAX_VALUE)
class RestartDuringBurstEndToEndTest {

    private static final int DEPLOYMENTS = 40;
    private static final int UPDATES_EACH = 5;

    @Test
    void aDeploymentServiceCrashInTheMiddleOfABurstLosesNothingAndDuplicatesNothing() throws Exception {
        TiffinStack stack = TiffinStack.get();
        String prefix = "burst-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            String name = prefix + "-" + i;
            names.add(name);
            stack.api()
                    .body(Specs.load("iris.json", name))
                    .post("/v1/deployments")
                    .then()
                    .statusCode(201);
        }

        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            int total = DEPLOYMENTS * UPDATES_EACH;
            for (int write = 0; write < total; write++) {
                if (write == total / 3) {
                    awaitAll(sent);
                    stack.deploymentService.kill();
                }
                if (write == 2 * total / 3) {
                    awaitAll(sent);
                    stack.deploymentService.start();
                }
                String name = names.get(write % DEPLOYMENTS);
                int seq = write / DEPLOYMENTS + 1;
                // per deployment, writes are sent one after the other so their order is defined
                if (write % DEPLOYMENTS == 0) {
                    awaitAll(sent);
                }
                // a full replace (PUT) needs nothing from the deployment-service, so it is accepted while it is down
                String body = Specs.load("iris.json", name)
                        .replace("\"team\": \"ml\"", "\"team\": \"ml\", \"seq\": \"" + seq + "\"");
                sent.add(clients.submit(() -> stack.api()
                        .queryParam("wait", "none")
                        .queryParam("cluster", TiffinStack.CLUSTER)
                        .queryParam("namespace", TiffinStack.NAMESPACE)
                        .body(body)
                        .put("/v1/deployments/{n}", name)
                        .statusCode()));
            }
            for (Future<Integer> f : sent) {
                assertThat(f.get()).isEqualTo(202);
            }
        } finally {
            clients.shutdownNow();
        }

        for (String name : names) {
            await("all writes of " + name + " processed")
                    .atMost(Duration.ofSeconds(120))
                    .untilAsserted(() -> stack.api()
                            .get("/v1/deployments/{n}", name)
                            .then()
                            .statusCode(200)
                            .body("revision", equalTo(1 + UPDATES_EACH)));
            JsonPath revisions = stack.api()
                    .get("/v1/deployments/{n}/revisions", name)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(revisions.getList("revision", Integer.class)).containsExactly(6, 5, 4, 3, 2, 1);
            assertThat(revisions.getString("[0].spec.labels.seq")).isEqualTo(String.valueOf(UPDATES_EACH));
        }
    }

    /**
     * Waits until every write sent so far has been answered: the gateway publishes before it answers, so their
     * order on the topic is the order they were sent.
     */
    private static void awaitAll(List<Future<Integer>> sent) throws Exception {
        for (Future<Integer> f : sent) {
            f.get();
        }
    }
}
