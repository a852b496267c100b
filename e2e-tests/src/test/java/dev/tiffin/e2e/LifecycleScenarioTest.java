package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenario 8, seen from the endpoint as well as the API: update as a merge patch and as a full replace, the
 * revision history, rollback to a named revision, then terminate (the endpoint answers 503 and no pod is left),
 * restart (it serves again) and delete (the endpoint is gone: 404).
 */
@Order(60)
class LifecycleScenarioTest {

    @Test
    void patchReplaceRollbackTerminateRestartAndDelete() {
        TiffinStack stack = TiffinStack.get();
        String name = Scenarios.unique("life");
        Map<String, Object> spec = Scenarios.publicSpec(name, "v1", "RollingUpdate", Scenarios.fixedReplicas(1));
        Scenarios.createRunning(stack, spec);
        awaitServedBy(stack, name, "1");

        // update as a merge patch: revision 2
        stack.api()
                .contentType("application/merge-patch+json")
                .body(Map.of("bento", "iris-classifier:v2"))
                .patch("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(2));
        Scenarios.awaitStatus(stack, name, "running", 2);
        awaitServedBy(stack, name, "2");

        // update as a replace: revision 3, the whole document (v1 again, with an environment variable)
        spec.put("envs", List.of(Map.of("name", "MODE", "value", "replace")));
        stack.api()
                .body(spec)
                .put("/v1/deployments/{n}", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(3));
        Scenarios.awaitStatus(stack, name, "running", 3);
        assertThat(Scenarios.view(stack, name).getString("bento")).isEqualTo("iris-classifier:v1");

        // the history lists the three, and a rollback to revision 2 makes revision 4 with revision 2's spec
        List<Integer> revisions = stack.api()
                .get("/v1/deployments/{n}/revisions", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revision", Integer.class);
        assertThat(revisions).containsExactlyInAnyOrder(1, 2, 3);
        stack.api()
                .body(Map.of("revision", 2))
                .post("/v1/deployments/{n}/rollback", name)
                .then()
                .statusCode(200)
                .body("revision", equalTo(4));
        Scenarios.awaitStatus(stack, name, "running", 4);
        assertThat(Scenarios.view(stack, name).getString("bento")).isEqualTo("iris-classifier:v2");
        awaitServedBy(stack, name, "4");

        // terminate: no pod left, the endpoint says so with 503
        stack.api().post("/v1/deployments/{n}/terminate", name).then().statusCode(lessThan(300));
        await().atMost(Scenarios.WAIT)
                .untilAsserted(() -> assertThat(Scenarios.view(stack, name).getString("status"))
                        .isEqualTo("terminated"));
        await().atMost(Scenarios.WAIT)
                .until(() -> stack.cluster.simulator().pods().stream()
                        .noneMatch(p -> p.name().startsWith(name + "-")));
        await().atMost(Scenarios.WAIT)
                .until(() ->
                        DataPlane.post(stack.endpoint(name) + "/classify", null).statusCode() == 503);

        // restart: serves again
        stack.api().post("/v1/deployments/{n}/restart", name).then().statusCode(lessThan(300));
        await().atMost(Scenarios.WAIT)
                .untilAsserted(() -> assertThat(Scenarios.view(stack, name).getString("status"))
                        .isEqualTo("running"));
        await().atMost(Scenarios.WAIT)
                .until(() ->
                        DataPlane.post(stack.endpoint(name) + "/classify", null).statusCode() == 200);

        // delete: the deployment and its endpoint are gone
        stack.api().delete("/v1/deployments/{n}", name).then().statusCode(lessThan(300));
        await().atMost(Scenarios.WAIT)
                .until(() ->
                        DataPlane.post(stack.endpoint(name) + "/classify", null).statusCode() == 404);
        await().atMost(Scenarios.WAIT)
                .until(() -> stack.cluster.simulator().pods().stream()
                        .noneMatch(p -> p.name().startsWith(name + "-")));
    }

    /** Waits until the endpoint is answered by a pod of the given revision. */
    private static void awaitServedBy(TiffinStack stack, String name, String revision) {
        await("served by revision " + revision)
                .atMost(Scenarios.WAIT)
                .until(() -> DataPlane.post(stack.endpoint(name) + "/classify", null)
                        .body()
                        .contains("\"revision\":\"" + revision + "\""));
    }
}
