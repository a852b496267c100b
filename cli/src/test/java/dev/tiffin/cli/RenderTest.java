package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderTest {

    static final String VIEW = """
            {"name":"iris","cluster":"default","namespace":"ml","status":"deploying",\
            "status_reason":"rollout","status_message":"revision 2 rolling out","revision":2,"active_revision":1,\
            "bento":"iris_classifier:abc123","spec":{"name":"iris","access_type":"protected",\
            "deployment_strategy":"RollingUpdate","labels":{"team":"ml"},"api_server":{"resources":{"requests":{"cpu":"0.50"}}}},\
            "replicas":{"runner_b":{"desired":1,"ready":0,"available":0},"api-server":{"desired":3,"ready":2,"available":2}},\
            "created_at":"2025-01-02T03:04:05Z","updated_at":"2025-01-02T03:10:00Z"}""";

    static final String PAGE = "{\"items\":[" + VIEW
            + ",{\"name\":\"summarizer\",\"cluster\":\"gpu\",\"namespace\":\"nlp\",\"status\":\"running\",\"revision\":7,"
            + "\"bento\":\"sum:v7\",\"replicas\":{},\"updated_at\":\"2025-01-01T00:00:00Z\"}],"
            + "\"page\":1,\"page_size\":2,\"total\":5}";

    @Test
    void deploymentTable() {
        assertThat(Render.format(OutputFormat.table, VIEW, Render::deployment)).isEqualTo("""
                        Name:       iris
                        Cluster:    default
                        Namespace:  ml
                        Status:     deploying
                        Reason:     rollout
                        Message:    revision 2 rolling out
                        Revision:   2 (active: 1)
                        Bento:      iris_classifier:abc123
                        Access:     protected
                        Strategy:   RollingUpdate
                        Labels:     team=ml
                        Created:    2025-01-02T03:04:05Z
                        Updated:    2025-01-02T03:10:00Z

                        COMPONENT    DESIRED   READY   AVAILABLE
                        api-server   3         2       2
                        runner_b     1         0       0
                        """);
    }

    static final String AUTOSCALING = """
            {"deployment":{"cluster":"default","namespace":"ml","name":"iris"},"revision":2,"rolling_out":false,\
            "components":[{"name":"runner_b","revision":2,"current_replicas":1,"desired_replicas":1,"ready_replicas":1,\
            "min_replicas":1,"max_replicas":1,"metrics":{},"last_evaluation":null,"last_decisions":[]},\
            {"name":"api-server","revision":2,"current_replicas":1,"desired_replicas":4,"ready_replicas":1,\
            "min_replicas":1,"max_replicas":10,"metrics":{"qps":{"value":38.25,"target":10.0,\
            "sampled_at":"2025-01-02T03:04:05Z","source":"traffic-service"},"cpu":{"value":41.0,"target":null,\
            "sampled_at":"2025-01-02T03:04:05Z","source":"metrics.k8s.io"}},\
            "last_evaluation":{"at":"2025-01-02T03:04:06Z","current_replicas":1,"desired_replicas":4,\
            "recommended_replicas":4,"stabilized_replicas":4,"limited_by":"policy","reason":"qps 38.2 over 10",\
            "metrics":{"qps":38.25}},\
            "last_decisions":[{"at":"2025-01-02T03:04:06Z","current_replicas":1,"desired_replicas":4,\
            "recommended_replicas":4,"stabilized_replicas":4,"limited_by":"policy","reason":"qps 38.2 over 10",\
            "metrics":{"qps":38.25}}]}]}""";

    @Test
    void autoscalingTableShowsReplicasMetricsAgainstTargetsAndDecisionsWithTheApiServerFirst() {
        assertThat(Render.format(OutputFormat.table, AUTOSCALING, Render::autoscaling))
                .isEqualTo("""
                        Revision: 2

                        COMPONENT    CURRENT   DESIRED   READY   MIN   MAX   METRICS (VALUE/TARGET)
                        api-server   1         4         1       1     10    qps 38.3/10, cpu 41
                        runner_b     1         1         1       1     1     -

                        Latest evaluation:
                        COMPONENT    AT                     RECOMMENDED   STABILIZED   DESIRED   LIMITED BY   REASON
                        api-server   2025-01-02T03:04:06Z   4             4            4         policy       qps 38.2 over 10

                        Last decisions (newest first):
                        COMPONENT    AT                     FROM   TO   LIMITED BY   REASON
                        api-server   2025-01-02T03:04:06Z   1      4    policy       qps 38.2 over 10
                        """);
    }

    @Test
    void autoscalingWithoutDecisionsSaysSoAndNamesARolloutInProgress() {
        String body = AUTOSCALING
                .replace("\"rolling_out\":false", "\"rolling_out\":true")
                .replaceAll("\"last_decisions\":\\[\\{.*\\}\\]\\}\\]\\}$", "\"last_decisions\":[]}]}");
        String table = Render.format(OutputFormat.table, body, Render::autoscaling);
        assertThat(table).startsWith("Revision: 2 (rolling out: the autoscaler waits for the rollout to finish)\n");
        assertThat(table).endsWith("Last decisions (newest first):\nnone: the desired count has not changed\n");
    }

    @Test
    void listTableAndFooter() {
        assertThat(Render.format(OutputFormat.table, PAGE, Render::deploymentList))
                .isEqualTo("""
                        NAME         CLUSTER   NAMESPACE   STATUS      REVISION   BENTO                    READY   UPDATED
                        iris         default   ml          deploying   2          iris_classifier:abc123   2/4     2025-01-02T03:10:00Z
                        summarizer   gpu       nlp         running     7          sum:v7                   -       2025-01-01T00:00:00Z
                        """);
        assertThat(Render.pageFooter(Json.parse(PAGE))).isEqualTo("page 1 of 3 (5 in total; --page N for more)");
    }

    @Test
    void jsonIsTheServersAnswerPrettyWithNumbersAsWritten() {
        String json = Render.format(OutputFormat.json, VIEW, Render::deployment);
        assertThat(json).startsWith("{\n  \"name\" : \"iris\",\n  \"cluster\" : \"default\",");
        assertThat(json).contains("\"cpu\" : \"0.50\"").endsWith("}\n");
        assertThat(Render.format(OutputFormat.json, "{\"value\":1.50,\"n\":10}", Render::deployment))
                .isEqualTo("{\n  \"value\" : 1.50,\n  \"n\" : 10\n}\n");
        assertThat(Json.parse(json)).isEqualTo(Json.parse(VIEW));
    }

    @Test
    void yamlOfAPage() {
        String yaml = Render.format(OutputFormat.yaml, PAGE, Render::deploymentList);
        assertThat(yaml)
                .startsWith("items:\n- name: iris\n  cluster: default\n")
                .contains("\npage: 1\npage_size: 2\ntotal: 5\n");
    }

    @Test
    void problemWithViolations() {
        String problem = """
                {"type":"https://tiffin.dev/problems/invalid","title":"Invalid deployment","status":422,
                 "detail":"The deployment spec has 2 errors.",
                 "errors":[{"path":"api_server.autoscaling.max_replicas","code":"range","message":"must be at least min_replicas (2)"},
                           {"path":"","code":"unknown_field","message":"unknown field 'foo'"}]}""";
        assertThat(Render.problem(422, problem)).isEqualTo("""
                        Error: Invalid deployment (422)
                        The deployment spec has 2 errors.
                          api_server.autoscaling.max_replicas: must be at least min_replicas (2)
                          unknown field 'foo'
                        """);
    }

    @Test
    void nonProblemBodies() {
        assertThat(Render.problem(502, "<html>Bad Gateway</html>"))
                .isEqualTo("Error: HTTP 502: <html>Bad Gateway</html>\n");
        assertThat(Render.problem(500, "")).isEqualTo("Error: HTTP 500\n");
    }

    @Test
    void revisionsAndTokens() {
        String revisions = "[{\"revision\":2,\"state\":\"inactive\",\"bento\":\"iris:b\",\"cause\":\"update\","
                + "\"request_id\":\"r2\",\"created_at\":\"2025-01-02T00:00:00Z\"},"
                + "{\"revision\":1,\"state\":\"active\",\"bento\":\"iris:a\",\"cause\":\"create\",\"created_at\":\"2025-01-01T00:00:00Z\"}]";
        assertThat(Render.revisions(Json.parse(revisions))).isEqualTo("""
                        REVISION   STATE      BENTO    CAUSE    REQUEST   CREATED
                        2          inactive   iris:b   update   r2        2025-01-02T00:00:00Z
                        1          active     iris:a   create   -         2025-01-01T00:00:00Z
                        """);
        String tokens =
                "{\"items\":[{\"id\":\"t1\",\"name\":\"ci\",\"scopes\":[\"deployments:read\",\"deployments:write\"]}]}";
        assertThat(Render.tokens(Json.parse(tokens))).isEqualTo("""
                        ID   NAME   SCOPES                               DEPLOYMENTS   EXPIRES
                        t1   ci     deployments:read,deployments:write   -             never
                        """);
    }
}
