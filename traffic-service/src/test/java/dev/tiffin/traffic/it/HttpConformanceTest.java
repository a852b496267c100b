package dev.tiffin.traffic.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.it.RawHttp.Response;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's HTTP/1.1 on the wire, with raw sockets: keep-alive and {@code Connection: close}, HTTP/1.0, pipelined
 * requests, chunked request bodies, {@code Expect: 100-continue}, HEAD, hop-by-hop fields, a close-delimited response
 * re-framed as chunks, and the heads it refuses (431, 400).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class HttpConformanceTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    private static TestUpstream upstream;
    private Socket socket;

    @BeforeEach
    void deploy() throws Exception {
        if (upstream == null) {
            upstream = new TestUpstream();
            try (KubernetesClient kube = Fixture.kube(cluster)) {
                Fixture.externalComponent(kube, "wire", "api-server", upstream.port());
            }
            Fixture.revision(kafka, "wire", 1, "public", null, null);
            Fixture.awaitRoute(registry, "wire", 1, "api-server", 1);
        }
        socket = new Socket("127.0.0.1", server.publicPort());
        socket.setSoTimeout(10_000);
    }

    @AfterEach
    void closeSocket() throws Exception {
        socket.close();
    }

    @AfterAll
    static void closeUpstream() {
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void keepAliveCarriesSeveralRequestsAndConnectionCloseEndsIt() throws Exception {
        send("GET /default/wire/headers HTTP/1.1\r\nHost: a\r\n\r\n");
        Response first = read();
        assertThat(first.status()).isEqualTo(200);
        send("POST /default/wire/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        Response second = read();
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("5");
        assertThat(second.head()).containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        send("POST /default/wire/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /default/nowhere/x HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /default/wire/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nz");
        assertThat(read().body()).isEqualTo("3");
        assertThat(read().status()).isEqualTo(404);
        assertThat(read().body()).isEqualTo("1");
    }

    @Test
    void aChunkedRequestBodyIsPassedOnWhole() throws Exception {
        send("POST /default/wire/upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\nX-Trailer: t\r\n\r\n");
        Response r = read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("9");
        // and the connection goes on
        send("GET /default/wire/headers HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(read().status()).isEqualTo(200);
    }

    @Test
    void bodiesThatArriveWithTheirHeadPassByteForByteWhetherTheyJoinTheForwardedHeadOrNot() throws Exception {
        // up to 4 KiB the body is copied into the forwarded head's buffer; beyond, it follows as a slice
        for (int size : new int[] {1, 4095, 4096, 4097, 70_000}) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) ('a' + (i * 7 + size) % 26);
            }
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("POST /default/wire/echo HTTP/1.1\r\nHost: a\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.write(body);
            socket.getOutputStream().write(request.toByteArray()); // head and body in one write
            Response r = read();
            assertThat(r.status()).as("size %d", size).isEqualTo(200);
            assertThat(r.body()).as("size %d", size).isEqualTo(new String(body, StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void expectContinueIsAnsweredByTheProxyAndNotForwarded() throws Exception {
        send("POST /default/wire/headers HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        Response interim = read();
        assertThat(interim.status()).isEqualTo(100);
        send("{}");
        Response r = read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).containsKey("expect")).isFalse();
    }

    @Test
    void hopByHopAndConnectionListedFieldsStayOnTheirHopAndHostIsTheReplica() throws Exception {
        send("GET /default/wire/headers HTTP/1.1\r\nHost: wire.example\r\nConnection: keep-alive, X-Private\r\n"
                + "X-Private: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic eA==\r\n"
                + "X-Kept: yes\r\n\r\n");
        JsonObject seen = new JsonObject(read().body());
        assertThat(seen.fieldNames())
                .doesNotContain("x-private", "keep-alive", "te", "proxy-authorization", "connection")
                .contains("x-kept");
        assertThat(seen.getString("host")).isEqualTo("127.0.0.1:" + upstream.port());
        assertThat(seen.getString("x-forwarded-host")).isEqualTo("wire.example");
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAskedTo() throws Exception {
        send("GET /default/wire/headers HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        Response kept = read();
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.head()).containsIgnoringCase("connection: keep-alive").doesNotContainIgnoringCase("chunked");
        send("GET /default/nowhere/x HTTP/1.0\r\n\r\n");
        Response closing = read();
        assertThat(closing.status()).isEqualTo(404);
        assertThat(closing.head()).containsIgnoringCase("connection: close");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void headResponsesHaveNoBody() throws Exception {
        send("HEAD /default/wire/headers HTTP/1.1\r\nHost: a\r\n\r\n");
        Response r = readHead();
        assertThat(r.status()).isEqualTo(200);
        send("HEAD /default/nowhere/x HTTP/1.1\r\nHost: a\r\n\r\n");
        Response own = readHead();
        assertThat(own.status()).isEqualTo(404);
        send("GET /default/wire/headers HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(read().status()).isEqualTo(200);
    }

    @Test
    void aCloseDelimitedResponseReachesAnHttp11ClientInChunks() throws Exception {
        try (ServerSocket raw = new ServerSocket(0);
                KubernetesClient kube = Fixture.kube(cluster)) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < 2; i++) {
                    try (Socket s = raw.accept()) {
                        RawHttp.head(s.getInputStream()); // the request (a GET): its head is all of it
                        s.getOutputStream()
                                .write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"
                                        .getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return; // the test fails on the client side
                    }
                }
            });
            t.start();
            Fixture.externalComponent(kube, "legacy", "api-server", raw.getLocalPort());
            Fixture.revision(kafka, "legacy", 1, "public", null, null);
            Fixture.awaitRoute(registry, "legacy", 1, "api-server", 1);
            send("GET /default/legacy/x HTTP/1.1\r\nHost: a\r\n\r\n");
            Response r = read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.head()).containsIgnoringCase("transfer-encoding: chunked");
            assertThat(r.body()).isEqualTo("until the end");
            send("GET /default/wire/headers HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(read().status()).isEqualTo(200);

            // an HTTP/1.0 client gets it as it is, and the connection closes after it
            try (Socket s = new Socket("127.0.0.1", server.publicPort())) {
                s.setSoTimeout(10_000);
                s.getOutputStream()
                        .write("GET /default/legacy/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(all).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("chunked");
                assertThat(all).endsWith("\r\n\r\nuntil the end");
            }
        }
    }

    @Test
    void anOversizedHeadIs431AndAMalformedOne400() throws Exception {
        send("GET /default/wire/headers HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");
        Response big = read();
        assertThat(big.status()).isEqualTo(431);
        assertThat(big.head()).containsIgnoringCase("application/problem+json");

        try (Socket s = new Socket("127.0.0.1", server.publicPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /x HTTP/1.1\r\nBad Header: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
                    .startsWith("HTTP/1.1 400");
        }
    }

    private void send(String s) throws IOException {
        RawHttp.send(socket, s);
    }

    private Response readHead() throws IOException {
        return RawHttp.readHead(socket.getInputStream());
    }

    private Response read() throws IOException {
        return RawHttp.read(socket.getInputStream());
    }
}
