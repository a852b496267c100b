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
 * A stand-in for the autoscaler-service's status query, knowing one deployment, {@code local/default/iris} (and
 * {@code local/other/iris}, to tell the namespace it was asked for).
 */
public class FakeAutoscalerService implements QuarkusTestResourceLifecycleManager {

    static final String STATUS = "{\"deployment\":{\"cluster\":\"local\",\"namespace\":\"%s\",\"name\":\"iris\"},"
            + "\"revision\":3,\"rolling_out\":false,\"components\":[{\"name\":\"api-server\",\"revision\":3,"
            + "\"current_replicas\":2,\"desired_replicas\":4,\"ready_replicas\":2,\"min_replicas\":1,"
            + "\"max_replicas\":5,\"metrics\":{\"qps\":{\"value\":40.0,\"target\":10.0}},"
            + "\"last_decisions\":[{\"current_replicas\":2,\"desired_replicas\":4,\"limited_by\":\"none\","
            + "\"reason\":\"qps at 20 req/s per ready replica of a 10 req/s target (ratio 2) recommends 4\"}]}]}";

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
                "tiffin.autoscaler-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/internal/v1/deployments/local/default/iris/autoscaling" ->
                send(exchange, 200, STATUS.formatted("default"));
            case "/internal/v1/deployments/local/other/iris/autoscaling" ->
                send(exchange, 200, STATUS.formatted("other"));
            default ->
                send(
                        exchange,
                        404,
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"the autoscaler knows no deployment\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
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
