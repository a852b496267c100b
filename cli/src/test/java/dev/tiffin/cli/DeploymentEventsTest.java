package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeploymentEventsTest {

    static SseEvent event(String type, String data) {
        return new SseEvent(
                type,
                "1",
                "{\"specversion\":\"1.0\",\"id\":\"e1\",\"type\":\"" + type + "\",\"time\":\"2025-01-02T03:04:05Z\","
                        + "\"data\":" + data + "}");
    }

    static SseEvent step(String component, int revision, int step, int ready, int desired) {
        return event(
                DeploymentEvents.STEP_COMPLETED,
                "{\"revision\":" + revision + ",\"component\":\"" + component + "\",\"step\":" + step
                        + ",\"new_desired\":" + desired + ",\"new_ready\":" + ready
                        + ",\"old_desired\":1,\"old_ready\":1,\"available\":" + (ready + 1) + "}");
    }

    static SseEvent status(String from, String to) {
        return event(
                DeploymentEvents.STATUS_CHANGED,
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"reason\":\"rollout\",\"message\":\"m\"}");
    }

    @Test
    void linesPerEvent() {
        assertThat(DeploymentEvents.line(status("running", "deploying")))
                .isEqualTo("2025-01-02T03:04:05Z  deployment.status_changed  running -> deploying (rollout): m");
        assertThat(DeploymentEvents.line(step("api_server", 2, 4, 2, 3)))
                .isEqualTo("2025-01-02T03:04:05Z  rollout.step_completed     api_server step 4: new 2/3 ready,"
                        + " old 1/1 ready, available 3");
        assertThat(DeploymentEvents.line(event(
                        DeploymentEvents.SCALING_DECIDED,
                        "{\"component\":\"api-server\",\"current_replicas\":1,\"desired_replicas\":5,"
                                + "\"reason\":\"qps 90 over target 20\",\"limited_by\":\"scale_up_policy\"}")))
                .isEqualTo("2025-01-02T03:04:05Z  autoscaling.scaling_decided  api-server 1 -> 5 replicas"
                        + " (limited by scale_up_policy): qps 90 over target 20");
        assertThat(DeploymentEvents.line(event(
                        DeploymentEvents.SCALING_DECIDED,
                        "{\"component\":\"runner\",\"current_replicas\":3,\"desired_replicas\":2,"
                                + "\"reason\":\"cpu below target\",\"limited_by\":\"none\"}")))
                .endsWith("runner 3 -> 2 replicas: cpu below target");
        assertThat(DeploymentEvents.line(event(
                        DeploymentEvents.REPLICAS_CHANGED,
                        "{\"component\":\"api-server\",\"revision\":2,\"desired\":5,\"ready\":3,\"available\":3}")))
                .endsWith("rollout.replicas_changed   api-server revision 2: 3/5 ready, available 3");
        assertThat(DeploymentEvents.line(new SseEvent("message", null, "not json")))
                .isEqualTo("message  not json");
    }

    @Test
    void progressLine() {
        DeploymentEvents.Progress p = new DeploymentEvents.Progress();
        assertThat(p.line()).isEqualTo("deploying");
        assertThat(p.accept(step("api_server", 2, 4, 2, 3))).isTrue();
        assertThat(p.line()).isEqualTo("deploying  api_server 2/3 ready (step 4)");
        assertThat(p.accept(step("iris_runner", 2, 1, 0, 1))).isTrue();
        assertThat(p.accept(new SseEvent("message", null, "ping"))).isFalse();
        assertThat(p.accept(status("deploying", "running"))).isTrue();
        assertThat(p.line()).isEqualTo("running  api_server 2/3 ready (step 4), iris_runner 0/1 ready (step 1)");
    }

    @Test
    void theProgressLineShowsTheCountsTheRolloutEndedWith() {
        DeploymentEvents.Progress p = new DeploymentEvents.Progress();
        p.accept(step("iris_clf", 1, 1, 0, 1));
        p.accept(step("api-server", 1, 1, 0, 1));
        assertThat(p.line()).isEqualTo("deploying  api-server 0/1 ready (step 1), iris_clf 0/1 ready (step 1)");

        SseEvent replicas = event(
                DeploymentEvents.REPLICAS_CHANGED,
                "{\"revision\":1,\"component\":\"api-server\",\"desired\":1,\"ready\":1,\"available\":1}");
        assertThat(p.accept(replicas)).isTrue();
        assertThat(p.accept(replicas))
                .as("the same counts again change nothing")
                .isFalse();
        assertThat(p.line()).isEqualTo("deploying  api-server 1/1 ready (step 1), iris_clf 0/1 ready (step 1)");
        assertThat(p.accept(event(
                        DeploymentEvents.REPLICAS_CHANGED,
                        "{\"revision\":1,\"component\":\"tokenizer\",\"desired\":2,\"ready\":2,\"available\":2}")))
                .isTrue();
        assertThat(p.line()).endsWith(", tokenizer 2/2 ready");
    }

    @Test
    void outcomes() {
        SseEvent oldCompleted = event(DeploymentEvents.ROLLOUT_COMPLETED, "{\"revision\":1}");
        SseEvent completed = event(DeploymentEvents.ROLLOUT_COMPLETED, "{\"revision\":2}");
        SseEvent failed = event(DeploymentEvents.ROLLOUT_FAILED, "{\"revision\":2,\"reason\":\"progress_deadline\"}");
        assertThat(DeploymentEvents.outcome(oldCompleted, 2)).isNull();
        assertThat(DeploymentEvents.outcome(completed, 2)).isEqualTo(DeploymentEvents.Outcome.READY);
        assertThat(DeploymentEvents.outcome(failed, 2)).isEqualTo(DeploymentEvents.Outcome.FAILED);
        assertThat(DeploymentEvents.outcome(status("deploying", "failed"), 2))
                .isEqualTo(DeploymentEvents.Outcome.FAILED);
        assertThat(DeploymentEvents.outcome(step("api_server", 2, 1, 1, 1), 2)).isNull();
    }
}
