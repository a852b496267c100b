package dev.tiffin.e2e;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read-only "what if" APIs through the gateway, answered by the packaged rollout-service and autoscaler-service
 * with the code they run live.
 */
class WhatIfEndToEndTest {

    @Test
    void aRollingUpdatePlanKeepsKubernetesBoundsOnEveryStep() {
        TiffinStack.get()
                .api()
                .body(Map.of("strategy", "RollingUpdate", "replicas", 4, "current_replicas", 4))
                .post("/v1/rollouts/plan")
                .then()
                .statusCode(200)
                .body("max_surge", equalTo(1))
                .body("max_unavailable", equalTo(1))
                .body("steps.total", everyItem(lessThanOrEqualTo(5)))
                .body("steps[-1].new_replicas", equalTo(4))
                .body("steps[-1].old_replicas", equalTo(0));
    }

    @Test
    void aBadPlanRequestIs400NamingTheField() {
        TiffinStack.get()
                .api()
                .body(Map.of("strategy", "Sideways", "replicas", 4))
                .post("/v1/rollouts/plan")
                .then()
                .statusCode(400)
                .body("errors.path", hasItem("strategy"));
    }

    @Test
    void theFastPresetDoublesOrAddsFourPodsEvery15Seconds() {
        Map<String, Object> tick = Map.of("metrics", Map.of("cpu", 400));
        TiffinStack.get()
                .api()
                .body(Map.of(
                        "autoscaling",
                        Map.of(
                                "min_replicas",
                                1,
                                "max_replicas",
                                40,
                                "metrics",
                                List.of(Map.of("type", "cpu", "value", 50)),
                                "scale_up",
                                Map.of("behavior", "fast")),
                        "initial_replicas",
                        1,
                        "interval_seconds",
                        15,
                        "ticks",
                        List.of(tick, tick, tick, tick)))
                .post("/v1/autoscaling/simulate")
                .then()
                .statusCode(200)
                .body("timeline.desired_replicas", contains(5, 10, 20, 40));
    }
}
