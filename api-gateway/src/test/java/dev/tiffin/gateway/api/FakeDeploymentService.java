package dev.tiffin.gateway.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A stand-in for the deployment-service's query API with one deployment, {@code local/default/iris} at revision 3:
 * only for the reads the gateway cannot do without it (PATCH, ETags, YAML, the default cluster).
 */
public class FakeDeploymentService implements QuarkusTestResourceLifecycleManager {

    static final String SPEC = "{\"name\":\"iris\",\"description\":\"old\",\"cluster\":\"local\","
            + "\"kube_namespace\":\"default\",\"bento\":\"iris:1\",\"labels\":{\"team\":\"ml\"},"
            + "\"api_server\":{\"autoscaling\":{\"min_replicas\":1,\"max_replicas\":2}}}";
    static final String VIEW = "{\"name\":\"iris\",\"cluster\":\"local\",\"namespace\":\"default\","
            + "\"status\":\"running\",\"revision\":3,\"active_revision\":3,\"bento\":\"iris:1\",\"spec\":" + SPEC + "}";

    /** The deployment's recent events, oldest first: {@code history-1}, {@code history-2}, {@code history-3}. */
    static final String HISTORY = String.join(",", historyEvent(1), historyEvent(2), historyEvent(3));

    private static String historyEvent(int n) {
        return "{\"specversion\":\"1.0\",\"id\":\"history-" + n + "\","
                + "\"source\":\"tiffin/deployment-service\",\"type\":\"dev.tiffin.deployment.accepted.v1\","
                + "\"subject\":\"local/default/iris\",\"time\":\"2026-01-01T00:00:0" + n + "Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"request_id\":\"r-" + n + "\","
                + "\"deployment\":{\"cluster\":\"local\",\"namespace\":\"default\",\"name\":\"iris\"},"
                + "\"action\":\"" + (n == 1 ? "create" : "update") + "\",\"revision\":" + n
                + ",\"revision_created\":true,\"warnings\":[]}}";
    }

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/v1/", this::handle);
        server.start();
        return Map.of(
                "tiffin.deployment-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/internal/v1/clusters" ->
                send(exchange, 200, "[{\"name\":\"local\",\"default_namespace\":\"default\"}]", null);
            case "/internal/v1/deployments/local/default/iris" -> send(exchange, 200, VIEW, "\"3\"");
            case "/internal/v1/deployments/local/default/iris/spec" -> send(exchange, 200, SPEC, "\"3\"");
            case "/internal/v1/deployments/local/default/iris/events" -> send(exchange, 200, "[" + HISTORY + "]", null);
            default -> send(exchange, 404, "{\"type\":\"about:blank\",\"title\":\"Not found\",\"status\":404}", null);
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String etag) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        if (etag != null) {
            exchange.getResponseHeaders().add("ETag", etag);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
