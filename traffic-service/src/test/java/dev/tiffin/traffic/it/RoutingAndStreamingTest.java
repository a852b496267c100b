package dev.tiffin.traffic.it;

import static dev.tiffin.traffic.it.Fixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Routes (path prefix, host, runner listener), forwarded headers, streaming bodies, terminate/delete, bad events. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class RoutingAndStreamingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    @Test
    void anUnknownDeploymentIs404Problem() throws Exception {
        HttpResponse<String> answer = post(server.publicPort(), "/default/nobody/predict");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"reason\":\"not_found\"", "default/nobody");
        assertThat(post(server.publicPort(), "/").statusCode()).isEqualTo(404);
    }

    @Test
    void hostNamesAndPathPrefixesReachTheApiServerAndRunnersHaveTheirOwnListener() throws Exception {
        // Given a deployment with a runner
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "twin", "api-server");
            Fixture.workload(kube, "twin", "api-server", 1, 1, LocalClusterResource.Images.FAST);
            Fixture.service(kube, "twin", "iris_clf");
            Fixture.workload(kube, "twin", "iris_clf", 1, 1, LocalClusterResource.Images.FAST);
        }
        Fixture.revision(kafka, "twin", 1, "public", null, Map.of("iris_clf", Fixture.traffic("900s", null, 4)));
        Fixture.awaitRoute(registry, "twin", 1, "api-server", 1);
        Fixture.awaitRoute(registry, "twin", 1, "iris_clf", 1);

        // When / Then: path prefix and host name (base domain test.tiffin.local) on the public listener
        assertThat(post(server.publicPort(), "/default/twin/predict").body()).contains("\"component\":\"api-server\"");
        String byHost = raw(
                server.publicPort(),
                "POST /predict HTTP/1.1\r\nHost: twin.default.test.tiffin.local\r\n"
                        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertThat(byHost).startsWith("HTTP/1.1 200").contains("\"component\":\"api-server\"");

        // the runner only on the internal listener, by its spec name
        HttpResponse<String> runner = post(server.internalPort(), "/default/twin/iris_clf/predict");
        assertThat(runner.statusCode()).isEqualTo(200);
        assertThat(runner.body()).contains("\"component\":\"iris-clf\"");
        assertThat(post(server.internalPort(), "/default/twin/api-server/predict")
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(server.internalPort(), "/default/twin/nope/predict").statusCode())
                .isEqualTo(404);
    }

    @Test
    void requestIdsArePropagatedOrCreatedAndTheTokenIsNotForwarded() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                KubernetesClient kube = Fixture.kube(cluster)) {
            // Given a protected deployment in front of a server that echoes the headers it receives
            Fixture.externalComponent(kube, "echo", "api-server", upstream.port());
            Fixture.revision(kafka, "echo", 1, "protected", null, null);
            Fixture.token(kafka, "tok-echo", "tfn_echo_secret", List.of("endpoints:invoke"), List.of());
            Fixture.awaitRoute(registry, "echo", 1, "api-server", 1);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> get("/default/echo/headers", "Authorization", "Bearer tfn_echo_secret")
                                    .statusCode()
                            == 200);

            // When
            HttpResponse<String> given =
                    get("/default/echo/headers", "Authorization", "Bearer tfn_echo_secret", "X-Request-Id", "abc-123");
            HttpResponse<String> created = get("/default/echo/headers", "Authorization", "Bearer tfn_echo_secret");

            // Then
            JsonObject seen = new JsonObject(given.body());
            assertThat(seen.getString("x-request-id")).isEqualTo("abc-123");
            assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123");
            assertThat(seen.containsKey("authorization")).isFalse();
            assertThat(seen.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
            assertThat(seen.getString("x-forwarded-proto")).isEqualTo("http");
            String id = new JsonObject(created.body()).getString("x-request-id");
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(created.headers().firstValue("X-Request-Id")).hasValue(id);
        }
    }

    @Test
    void bodiesStreamThroughInBothDirections() throws Exception {
        try (TestUpstream upstream = new TestUpstream();
                KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.externalComponent(kube, "streams", "api-server", upstream.port());
            Fixture.revision(kafka, "streams", 1, "public", null, null);
            Fixture.awaitRoute(registry, "streams", 1, "api-server", 1);

            // When 64 MiB are uploaded as a chunked stream
            long size = 64L * 1024 * 1024;
            HttpResponse<String> upload = Fixture.HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + server.publicPort() + "/default/streams/upload"))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            // Then the replica received all of it
            assertThat(upload.statusCode()).isEqualTo(200);
            assertThat(upload.body()).isEqualTo(Long.toString(size));

            // When a server-sent event stream starts
            HttpResponse<InputStream> events = Fixture.HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + server.publicPort() + "/default/streams/events"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                // Then the first event arrives while the replica still holds the response open
                assertThat(events.headers().firstValue("Content-Type")).hasValue("text/event-stream");
                assertThat(lines.readLine()).isEqualTo("data: 1");
                assertThat(lines.readLine()).isEmpty();
                upstream.releaseEvents();
                assertThat(lines.readLine()).isEqualTo("data: 2");
            }
        }
    }

    @Test
    void aTerminatedDeploymentAnswers503AndADeletedOne404() throws Exception {
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.service(kube, "ending", "api-server");
            Fixture.workload(kube, "ending", "api-server", 1, 1, LocalClusterResource.Images.FAST);
        }
        Fixture.revision(kafka, "ending", 1, "public", null, null);
        Fixture.awaitRoute(registry, "ending", 1, "api-server", 1);
        assertThat(post(server.publicPort(), "/default/ending/predict").statusCode())
                .isEqualTo(200);

        Fixture.publish(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                "local/default/ending",
                new WorkloadsRemoved(Fixture.id("ending"), "terminate"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.route("default", "ending").route().terminated());
        HttpResponse<String> terminated = post(server.publicPort(), "/default/ending/predict");
        assertThat(terminated.statusCode()).isEqualTo(503);
        assertThat(terminated.body()).contains("terminated");

        Fixture.publish(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                "local/default/ending",
                new WorkloadsRemoved(Fixture.id("ending"), "delete"));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.route("default", "ending") == null);
        assertThat(post(server.publicPort(), "/default/ending/predict").statusCode())
                .isEqualTo(404);
    }

    @Test
    void anUnreadableEventGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(Topics.DEPLOYMENT_EVENTS, "local/default/garbled", "{not json"))
                .awaitCompletion(Duration.ofSeconds(10));
        Fixture.revision(kafka, "after-garbage", 1, "public", null, null);

        await().atMost(Duration.ofSeconds(10)).until(() -> registry.route("default", "after-garbage") != null);
        assertThat(kafka.consumeStrings()
                        .withOffsetReset(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST)
                        .fromTopics(
                                Topics.dlq(Topics.DEPLOYMENT_EVENTS),
                                m -> m.select().where(r -> "local/default/garbled".equals(r.key())))
                        .awaitNextRecord(Duration.ofSeconds(10))
                        .getFirstRecord()
                        .value())
                .isEqualTo("{not json");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return Fixture.HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.publicPort() + path))
                        .headers(headers)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String raw(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code size} zero bytes, produced as they are read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
