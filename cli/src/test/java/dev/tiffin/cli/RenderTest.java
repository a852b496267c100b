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
