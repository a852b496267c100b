package dev.tiffin.traffic.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.traffic.proxy.RouteRegistry;
import dev.tiffin.traffic.proxy.TrafficServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A replica that closes a kept-alive connection just as the next request arrives on it (what a server's own idle
 * timeout does when it meets a request): a bodiless GET is sent once more on a new connection and answered; a POST,
 * which the proxy cannot know to be safe to repeat, gets the 502.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(LocalClusterResource.class)
class StaleUpstreamConnectionTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectLocalCluster
    LocalCluster cluster;

    @Inject
    RouteRegistry registry;

    @Inject
    TrafficServer server;

    private static ClosingUpstream upstream;

    @BeforeAll
    static void start() throws IOException {
        upstream = new ClosingUpstream();
    }

    @AfterAll
    static void stop() throws IOException {
        upstream.close();
    }

    @Test
    void a_get_on_a_connection_the_replica_closes_is_resent_and_a_post_is_not() throws Exception {
        try (KubernetesClient kube = Fixture.kube(cluster)) {
            Fixture.externalComponent(kube, "stale", "api-server", upstream.port());
        }
        Fixture.revision(kafka, "stale", 1, "public", null, null);
        Fixture.awaitRoute(registry, "stale", 1, "api-server", 1);

        try (Socket client = new Socket("127.0.0.1", server.publicPort())) {
            client.setSoTimeout(10_000);
            // one client connection: one event loop, so the second request takes the first one's pooled connection
            assertThat(exchange(client, "GET /default/stale/a HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 200")
                    .endsWith("request 1 on connection 1");
            assertThat(exchange(client, "GET /default/stale/b HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 200")
                    .endsWith("request 1 on connection 2");
            assertThat(upstream.requests.get())
                    .as("the GET reached the replica twice")
                    .isEqualTo(3);

            assertThat(exchange(client, "POST /default/stale/c HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))
                    .startsWith("HTTP/1.1 502");
            assertThat(upstream.requests.get())
                    .as("the POST reached the replica once")
                    .isEqualTo(4);
        }
    }

    /** Writes a request and reads its response, head and body as text. */
    private static String exchange(Socket socket, String request) throws IOException {
        RawHttp.send(socket, request);
        RawHttp.Response r = RawHttp.read(socket.getInputStream());
        return r.head() + "\r\n" + r.body();
    }

    /**
     * Answers the first request on each connection (keep-alive) and closes the connection, unanswered, when a second
     * request arrives on it.
     */
    private static final class ClosingUpstream implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        ClosingUpstream() throws IOException {
            Thread accept = new Thread(this::accept, "closing-upstream");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    int n = connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, n), "closing-upstream-" + n);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s, int connection) {
            try (s) {
                InputStream in = s.getInputStream();
                for (int onThisConnection = 1; ; onThisConnection++) {
                    String head = RawHttp.head(in); // EOFException when the proxy closes the connection
                    requests.incrementAndGet();
                    in.readNBytes(RawHttp.contentLength(head));
                    if (onThisConnection > 1) {
                        return; // closed under the request, as an idle timeout does
                    }
                    byte[] body = ("request 1 on connection " + connection).getBytes(StandardCharsets.US_ASCII);
                    s.getOutputStream()
                            .write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(body);
                    s.getOutputStream().flush();
                }
            } catch (IOException e) {
                // the proxy went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
