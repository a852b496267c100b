package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Transport-level behaviour against a stand-in HTTP server: requests sent, statuses to exit codes, SSE. */
class HttpBehaviourTest {

    static final String JSON = "application/json";
    static final String PROBLEM = "application/problem+json";

    @TempDir
    Path home;

    FakeApi api;

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    TestIo cli() {
        return new TestIo(home, Map.of("TIFFIN_SERVER", api.url(), "TIFFIN_TOKEN", "tok-1"));
    }

    static String view(String status, int revision) {
        return RenderTest.VIEW
                .replace("\"status\":\"deploying\"", "\"status\":\"" + status + "\"")
                .replace("\"revision\":2", "\"revision\":" + revision);
    }

    static String problem(int status, String title) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"details here\",\"errors\":[{\"path\":\"api_server.autoscaling\",\"code\":\"invalid\","
                + "\"message\":\"bad value\"}]}";
    }

    static String sse(String type, int id, String data) {
        return "event: " + type + "\nid: " + id + "\ndata: {\"specversion\":\"1.0\",\"type\":\"" + type
                + "\",\"time\":\"2025-01-02T03:04:0" + (id % 10) + "Z\",\"data\":" + data + "}\n\n";
    }

    static String step(int id, int step, int ready) {
        return sse(
                DeploymentEvents.STEP_COMPLETED,
                id,
                "{\"revision\":2,\"component\":\"api_server\",\"step\":" + step + ",\"new_desired\":3,\"new_ready\":"
                        + ready + ",\"old_desired\":1,\"old_ready\":1,\"available\":3}");
    }

    static String[] chunks(String text, int size) {
        String[] out = new String[(text.length() + size - 1) / size];
        for (int i = 0; i < out.length; i++) {
            out[i] = text.substring(i * size, Math.min(text.length(), (i + 1) * size));
        }
        return out;
    }

    @Test
    void getSendsTheTokenAndPrintsATable() {
        api.on("GET /v1/deployments/iris", 200, JSON, RenderTest.VIEW);
        TestIo t = cli();
        assertThat(t.run("deployment", "get", "iris", "--cluster", "gpu")).isZero();
        assertThat(t.out()).contains("Name:       iris", "api-server   3         2       2");
        FakeApi.Request r = api.requests.get(0);
        assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(r.query()).isEqualTo("cluster=gpu");
    }

    @Test
    void jsonOutputIsTheServersAnswerPretty() {
        api.on("GET /v1/deployments/iris/spec", 200, JSON, "{\"name\":\"iris\",\"api_server\":{\"x\":1.50}}");
        TestIo t = cli();
        assertThat(t.run("deployment", "get", "iris", "--spec")).isZero();
        assertThat(t.out()).isEqualTo("{\n  \"name\" : \"iris\",\n  \"api_server\" : {\n    \"x\" : 1.50\n  }\n}\n");
        TestIo y = cli();
        assertThat(y.run("deployment", "get", "iris", "--spec", "-o", "yaml")).isZero();
        assertThat(y.out()).isEqualTo("name: iris\napi_server:\n  x: 1.50\n");
    }

    @ParameterizedTest
    @CsvSource({"400, 3", "422, 3", "404, 4", "409, 5", "412, 5", "401, 6", "403, 6", "504, 7", "503, 9", "500, 1"})
    void httpErrorsBecomeExitCodesAndReadableProblems(int status, int exitCode) {
        api.on("GET /v1/deployments/iris", status, PROBLEM, problem(status, "Something " + status));
        TestIo t = cli();
        assertThat(t.run("deployment", "get", "iris")).isEqualTo(exitCode);
        assertThat(t.err())
                .isEqualTo("Error: Something " + status + " (" + status + ")\ndetails here\n"
                        + "  api_server.autoscaling: bad value\n");
        assertThat(t.out()).isEmpty();
    }

    @Test
    void connectionRefusedIsServerUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestIo t = new TestIo(home, Map.of());
        assertThat(t.run("--server", "http://127.0.0.1:" + port, "deployment", "list"))
                .isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(t.err()).contains("cannot connect to http://127.0.0.1:" + port);
    }

    @Test
    void createSendsTheFileAsItIs() throws Exception {
        String yaml = "name: iris\nbento: iris_classifier:latest\nservices:\n  IrisService: {}\n";
        Path file = Files.writeString(home.resolve("v2.yaml"), yaml);
        api.on("POST /v1/deployments", 201, JSON, RenderTest.VIEW);
        TestIo t = cli();
        assertThat(t.run("deployment", "create", "-f", file.toString(), "--cluster", "gpu"))
                .isZero();
        FakeApi.Request r = api.requests.get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/yaml");
        assertThat(r.body()).isEqualTo(yaml);
        assertThat(r.query()).isEqualTo("cluster=gpu&wait=accepted");
        assertThat(t.out()).isEqualTo("deployment/iris created (revision 2, status deploying)\n");
    }

    @Test
    void noWaitPrintsTheRequestId() throws Exception {
        Path file = Files.writeString(home.resolve("d"), "{\"name\":\"iris\"}");
        api.on("POST /v1/deployments", 202, JSON, "{\"request_id\":\"req-7\"}");
        TestIo t = cli();
        assertThat(t.run("deployment", "create", "-f", file.toString(), "--no-wait"))
                .isZero();
        assertThat(api.requests.get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(api.requests.get(0).query()).isEqualTo("wait=none");
        assertThat(t.out()).isEqualTo("deployment/iris created: request req-7 queued\n");
    }

    @Test
    void applyCreatesWhenMissingAndReplacesWhenPresent() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\",\"cluster\":\"gpu\"}");
        api.on("POST /v1/deployments", 201, JSON, RenderTest.VIEW);
        TestIo first = cli();
        assertThat(first.run("deployment", "apply", "-f", file.toString())).isZero();
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "POST");
        assertThat(api.requests.get(0).query()).isEqualTo("cluster=gpu");

        api.on("GET /v1/deployments/iris", 200, JSON, RenderTest.VIEW);
        api.on("PUT /v1/deployments/iris", 200, JSON, view("deploying", 3));
        TestIo second = cli();
        assertThat(second.run("deployment", "apply", "-f", file.toString(), "-o", "json"))
                .isZero();
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "POST", "GET", "PUT");
        assertThat(api.requests.get(3).body()).isEqualTo("{\"name\":\"iris\",\"cluster\":\"gpu\"}");
        assertThat(Json.parse(second.out()).get("revision").asInt()).isEqualTo(3);
    }

    @Test
    void patchSendsAJsonMergePatchWithIfMatch() throws Exception {
        Path file = Files.writeString(home.resolve("p.yaml"), "api_server:\n  autoscaling:\n    max_replicas: 5\n");
        api.on("PATCH /v1/deployments/iris", 200, JSON, RenderTest.VIEW);
        assertThat(cli().run("deployment", "patch", "iris", "-f", file.toString(), "--if-match", "2"))
                .isZero();
        FakeApi.Request r = api.requests.get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/merge-patch+json");
        assertThat(r.header("If-Match")).isEqualTo("\"2\"");
        assertThat(r.body()).isEqualTo("{\"api_server\":{\"autoscaling\":{\"max_replicas\":5}}}");
    }

    @Test
    void listPassesFiltersAndPrintsATable() {
        api.on("GET /v1/deployments", 200, JSON, RenderTest.PAGE);
        TestIo t = cli();
        assertThat(t.run("deployment", "list", "-l", "team=ml", "-l", "tier=gold", "--status", "running"))
                .isZero();
        assertThat(api.requests.get(0).query()).isEqualTo("status=running&label=team%3Dml&label=tier%3Dgold");
        assertThat(t.out()).startsWith("NAME ").contains("summarizer");
        assertThat(t.err()).contains("page 1 of 3");
    }

    @Test
    void waitFollowsTheRolloutOnStderrUntilTheServerAnswers() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        CountDownLatch reconnected = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        String history = sse(DeploymentEvents.STATUS_CHANGED, 1, "{\"from\":\"running\",\"to\":\"deploying\"}")
                + step(2, 1, 1)
                + step(3, 2, 2)
                + step(4, 3, 3)
                + sse(DeploymentEvents.STATUS_CHANGED, 5, "{\"from\":\"deploying\",\"to\":\"running\"}");
        api.on("GET /v1/deployments/iris/events", (exchange, request) -> {
            if (connections.incrementAndGet() == 1) {
                // the whole history, cut at awkward places
                FakeApi.stream(exchange, history.substring(0, 7), history.substring(7, 130), history.substring(130));
            } else {
                // the client reconnects only once it has read everything before
                assertThat(request.header("Last-Event-ID")).isEqualTo("5");
                reconnected.countDown();
                FakeApi.stream(exchange);
            }
        });
        api.on("POST /v1/deployments", (exchange, request) -> {
            assertThat(reconnected.await(20, TimeUnit.SECONDS)).isTrue();
            FakeApi.respond(exchange, 201, JSON, view("running", 2));
        });
        TestIo t = cli();
        assertThat(t.run("deployment", "create", "-f", file.toString(), "--wait", "--timeout", "60"))
                .isZero();
        assertThat(api.requests("POST", "/v1/deployments").get(0).query()).isEqualTo("wait=ready&timeout=60");
        assertThat(t.err()).isEqualTo("""
                        deploying  api_server 1/3 ready (step 1)
                        deploying  api_server 2/3 ready (step 2)
                        deploying  api_server 3/3 ready (step 3)
                        running  api_server 3/3 ready (step 3)
                        """);
        assertThat(t.out()).isEqualTo("deployment/iris created (revision 2, status running)\n");
    }

    @Test
    void waitEndingInAFailedRolloutExitsWith8() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        api.on(
                "PUT /v1/deployments/iris",
                200,
                JSON,
                view("failed", 2).replace("\"rollout\"", "\"progress_deadline\""));
        TestIo t = cli();
        assertThat(t.run("deployment", "update", "-f", file.toString(), "--wait"))
                .isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(t.err())
                .contains("the rollout of deployment/iris failed (progress_deadline): revision 2 rolling out");
    }

    @Test
    void aRolloutFailedProblemExitsWith8() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        api.on(
                "POST /v1/deployments",
                422,
                PROBLEM,
                "{\"type\":\"https://tiffin.dev/problems/rollout-failed\",\"title\":\"Rollout failed\","
                        + "\"status\":422,\"detail\":\"the deployment was accepted (revision 1) but its rollout failed\"}");
        TestIo t = cli();
        assertThat(t.run("deployment", "create", "-f", file.toString(), "--wait"))
                .isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(t.err()).startsWith("Error: Rollout failed (422)\nthe deployment was accepted");
    }

    @Test
    void eventsShowEachEventOnceAcrossReconnects() {
        AtomicInteger connections = new AtomicInteger();
        String history = step(1, 1, 1) + step(2, 2, 2);
        api.on("GET /v1/deployments/iris", 200, JSON, view("deploying", 2));
        api.on("GET /v1/deployments/iris/events", (exchange, request) -> {
            if (connections.incrementAndGet() == 1) {
                FakeApi.stream(exchange, "retry: 10\n\n", history);
            } else {
                // the gateway replays its history on a new connection
                FakeApi.stream(exchange, history, sse(DeploymentEvents.ROLLOUT_COMPLETED, 3, "{\"revision\":2}"));
            }
        });
        TestIo t = cli();
        assertThat(t.run("deployment", "events", "iris", "--until-ready")).isZero();
        assertThat(t.out().lines()).hasSize(3);
        assertThat(connections).hasValue(2);
    }

    @Test
    void eventsUntilReadyStopsAtTheCurrentRevisionsCompletion() {
        api.on("GET /v1/deployments/iris", 200, JSON, view("deploying", 2));
        String events = sse(DeploymentEvents.ROLLOUT_COMPLETED, 1, "{\"revision\":1}")
                + step(2, 1, 1)
                + ": heartbeat\n\n"
                + sse(DeploymentEvents.ROLLOUT_COMPLETED, 3, "{\"revision\":2}")
                + sse(DeploymentEvents.STATUS_CHANGED, 4, "{\"from\":\"deploying\",\"to\":\"running\"}");
        api.on("GET /v1/deployments/iris/events", (exchange, request) -> {
            assertThat(request.header("Accept")).isEqualTo("text/event-stream");
            FakeApi.stream(exchange, chunks(events, 23));
        });
        TestIo t = cli();
        assertThat(t.run("deployment", "events", "iris", "--until-ready", "--timeout", "30"))
                .isZero();
        assertThat(t.out()).isEqualTo("""
                        2025-01-02T03:04:01Z  rollout.completed          revision 1
                        2025-01-02T03:04:02Z  rollout.step_completed     api_server step 1: new 1/3 ready, old 1/1 ready, available 3
                        2025-01-02T03:04:03Z  rollout.completed          revision 2
                        """);
    }

    @Test
    void eventsUntilReadyOfAFailingRolloutExitsWith8() {
        api.on("GET /v1/deployments/iris", 200, JSON, view("deploying", 2));
        api.on(
                "GET /v1/deployments/iris/events",
                (exchange, request) -> FakeApi.stream(
                        exchange,
                        sse(DeploymentEvents.ROLLOUT_FAILED, 1, "{\"revision\":2,\"reason\":\"progress_deadline\"}")));
        TestIo t = cli();
        assertThat(t.run("deployment", "events", "iris", "--until-ready", "-o", "json"))
                .isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(Json.parse(t.out()).get("type").asText()).isEqualTo(DeploymentEvents.ROLLOUT_FAILED);
    }

    @Test
    void eventsOfAnUnknownDeploymentExitWith4() {
        TestIo t = cli();
        assertThat(t.run("deployment", "events", "nope")).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(t.err()).startsWith("Error: Not Found (404)");
    }

    @Test
    void tokenCreateListRevoke() {
        api.on(
                "POST /v1/tokens",
                201,
                JSON,
                "{\"id\":\"t1\",\"name\":\"ci\",\"scopes\":[\"deployments:write\"],\"token\":\"tfn_secret\","
                        + "\"expires_at\":\"2025-02-01T00:00:00Z\"}");
        api.on("GET /v1/tokens", 200, JSON, "[{\"id\":\"t1\",\"name\":\"ci\",\"scopes\":[\"deployments:write\"]}]");
        api.on("DELETE /v1/tokens/t1", 204, null, "");

        TestIo create = cli();
        assertThat(create.run(
                        "token",
                        "create",
                        "--name",
                        "ci",
                        "--scope",
                        "deployments:write",
                        "--deployment",
                        "default/ml/iris",
                        "--expires-in",
                        "30d",
                        "-q"))
                .isZero();
        assertThat(create.out()).isEqualTo("tfn_secret\n");
        assertThat(Json.parse(api.requests.get(0).body()))
                .isEqualTo(Json.parse("{\"name\":\"ci\",\"scopes\":[\"deployments:write\"],"
                        + "\"deployments\":[\"default/ml/iris\"],\"expires_in_seconds\":2592000}"));

        TestIo table = cli();
        assertThat(table.run("token", "create", "--name", "ci", "--scope", "deployments:write"))
                .isZero();
        assertThat(table.out()).contains("Token:     tfn_secret");
        assertThat(table.err()).contains("not shown again");

        TestIo list = cli();
        assertThat(list.run("token", "list")).isZero();
        assertThat(list.out()).contains("t1   ci     deployments:write");

        TestIo revoke = cli();
        assertThat(revoke.run("token", "revoke", "t1")).isZero();
        assertThat(revoke.out()).isEqualTo("token t1 revoked\n");
        assertThat(cli().run("token", "revoke", "t2")).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void actionsPostToTheirEndpoints() {
        api.on("POST /v1/deployments/iris/rollback", 200, JSON, view("deploying", 4));
        api.on("POST /v1/deployments/iris/terminate", 200, JSON, view("terminating", 4));
        api.on("DELETE /v1/deployments/iris", 204, null, "");
        TestIo rollback = cli();
        assertThat(rollback.run("deployment", "rollback", "iris", "--to-revision", "1"))
                .isZero();
        assertThat(api.requests.get(0).body()).isEqualTo("{\"revision\":1}");
        assertThat(rollback.out()).isEqualTo("deployment/iris rolled back (revision 4, status deploying)\n");
        assertThat(cli().run("deployment", "terminate", "iris")).isZero();
        TestIo delete = cli();
        assertThat(delete.run("deployment", "delete", "iris")).isZero();
        assertThat(delete.out()).isEqualTo("deployment/iris deleted\n");
    }

    @Test
    void rolloutCommandsPostToTheirEndpoints() {
        api.on("POST /v1/deployments/iris/rollout/pause", 200, JSON, view("deploying", 4));
        api.on("POST /v1/deployments/iris/rollout/resume", 200, JSON, view("running", 4));
        api.on("POST /v1/deployments/iris/rollout/abort", 200, JSON, view("deploying", 4));

        TestIo pause = cli();
        assertThat(pause.run("rollout", "pause", "iris", "--cluster", "gpu", "-n", "ml"))
                .isZero();
        assertThat(pause.out()).isEqualTo("deployment/iris rollout paused (revision 4, status deploying)\n");
        FakeApi.Request r = api.requests.get(0);
        assertThat(r.query()).isEqualTo("cluster=gpu&namespace=ml&wait=accepted");
        assertThat(r.body()).isEmpty();
        assertThat(r.header("Idempotency-Key")).isNull();

        TestIo resume = cli();
        assertThat(resume.run("rollout", "resume", "iris", "--no-wait", "-o", "json"))
                .isZero();
        assertThat(api.requests.get(1).query()).isEqualTo("wait=none");
        assertThat(Json.parse(resume.out()).get("status").asText()).isEqualTo("running");

        TestIo abort = cli();
        assertThat(abort.run("rollouts", "abort", "iris", "--idempotency-key", "abort-iris-1"))
                .isZero();
        assertThat(abort.out()).isEqualTo("deployment/iris rollout aborted (revision 4, status deploying)\n");
        assertThat(api.requests.get(2).header("Idempotency-Key")).isEqualTo("abort-iris-1");
        assertThat(api.requests)
                .extracting(FakeApi.Request::path)
                .containsExactly(
                        "/v1/deployments/iris/rollout/pause",
                        "/v1/deployments/iris/rollout/resume",
                        "/v1/deployments/iris/rollout/abort");
    }

    @Test
    void noRolloutInProgressIsAConflict() {
        api.on(
                "POST /v1/deployments/iris/rollout/pause",
                409,
                PROBLEM,
                "{\"type\":\"https://tiffin.dev/problems/no_rollout\",\"title\":\"No rollout in progress\","
                        + "\"status\":409,\"detail\":\"iris has no rollout in progress\"}");
        TestIo t = cli();
        assertThat(t.run("rollout", "pause", "iris")).isEqualTo(ExitCodes.CONFLICT);
        assertThat(t.err()).contains("No rollout in progress (409)").contains("iris has no rollout in progress");
        assertThat(t.out()).isEmpty();
    }

    @Test
    void anIdempotencyKeyTravelsWithEveryWrite() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        api.on("POST /v1/deployments", 201, JSON, RenderTest.VIEW);
        api.on("PUT /v1/deployments/iris", 200, JSON, view("deploying", 3));
        api.on("PATCH /v1/deployments/iris", 200, JSON, view("deploying", 4));
        assertThat(cli().run("deployment", "create", "-f", file.toString(), "--idempotency-key", "create-iris-1"))
                .isZero();
        assertThat(cli().run(
                                "deployment",
                                "update",
                                "-f",
                                file.toString(),
                                "--if-match",
                                "2",
                                "--idempotency-key",
                                "update-iris-1"))
                .isZero();
        assertThat(cli().run("deployment", "patch", "iris", "-f", file.toString(), "--idempotency-key", "p-1"))
                .isZero();
        assertThat(cli().run("deployment", "create", "-f", file.toString())).isZero();
        assertThat(api.requests)
                .extracting(r -> r.method() + " " + r.header("Idempotency-Key"))
                .containsExactly("POST create-iris-1", "PUT update-iris-1", "PATCH p-1", "POST null");
        assertThat(api.requests.get(1).header("If-Match")).isEqualTo("\"2\"");
    }

    @Test
    void aRetriedApplyWhoseCreateWentThroughGetsTheCreatesAnswer() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        // the first apply created iris with key k-1 (its answer was lost); the retry finds iris and replaces it with
        // the same key, which the server refuses: the key belongs to the create, whose answer it gives again
        api.on("GET /v1/deployments/iris", 200, JSON, RenderTest.VIEW);
        api.on("PUT /v1/deployments/iris", 422, PROBLEM, KEY_REUSED);
        api.on("POST /v1/deployments", 201, JSON, RenderTest.VIEW);
        TestIo t = cli();
        assertThat(t.run("deployment", "apply", "-f", file.toString(), "--idempotency-key", "k-1"))
                .isZero();
        assertThat(t.out()).isEqualTo("deployment/iris created (revision 2, status deploying)\n");
        assertThat(api.requests)
                .extracting(r -> r.method() + " " + r.header("Idempotency-Key"))
                .containsExactly("GET null", "PUT k-1", "POST k-1");
        assertThat(api.requests.get(2).body()).isEqualTo("{\"name\":\"iris\"}");
    }

    @Test
    void aKeyReusedForAnotherRequestIsReported() throws Exception {
        Path file = Files.writeString(home.resolve("d.json"), "{\"name\":\"iris\"}");
        api.on("GET /v1/deployments/iris", 200, JSON, RenderTest.VIEW);
        api.on("PUT /v1/deployments/iris", 422, PROBLEM, KEY_REUSED);
        api.on("POST /v1/deployments", 422, PROBLEM, KEY_REUSED);
        TestIo apply = cli();
        assertThat(apply.run("deployment", "apply", "-f", file.toString(), "--idempotency-key", "k-2"))
                .isEqualTo(ExitCodes.INVALID);
        assertThat(apply.err()).contains("Idempotency-Key reused (422)");
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "PUT", "POST");

        // without a key, or for other commands, a refused write is not sent again
        TestIo update = cli();
        assertThat(update.run("deployment", "update", "-f", file.toString(), "--idempotency-key", "k-2"))
                .isEqualTo(ExitCodes.INVALID);
        assertThat(api.requests).extracting(FakeApi.Request::method).containsExactly("GET", "PUT", "POST", "PUT");
    }

    static final String KEY_REUSED = "{\"type\":\"https://tiffin.dev/problems/idempotency-key-reused\","
            + "\"title\":\"Idempotency-Key reused\",\"status\":422,"
            + "\"detail\":\"this Idempotency-Key was used in the last 24 h for a different request\"}";
}
