package dev.tiffin.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for the API's transport (the JDK's HTTP server on a free loopback port): routes answer canned responses,
 * and every request is recorded. For status/exit-code and streaming behaviour only; the real API is tested end to end.
 */
final class FakeApi implements AutoCloseable {

    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    interface Handler {
        void handle(HttpExchange exchange, Request request) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            requests.add(request);
            Handler h = routes.get(request.method() + " " + request.path());
            try {
                if (h == null) {
                    respond(
                            exchange,
                            404,
                            "application/problem+json",
                            "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no route " + request.path() + "\"}");
                } else {
                    h.handle(exchange, request);
                }
            } catch (Exception e) {
                respond(exchange, 500, "text/plain", e.toString());
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeApi on(String methodAndPath, Handler handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    FakeApi on(String methodAndPath, int status, String contentType, String body) {
        return on(methodAndPath, (exchange, request) -> respond(exchange, status, contentType, body));
    }

    List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Starts an event stream and writes each chunk as it comes, flushed on its own. */
    static void stream(HttpExchange exchange, String... chunks) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String chunk : chunks) {
            out.write(chunk.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
