package dev.tiffin.localcluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pod's stand-in Bento: a JDK HTTP server on 127.0.0.1 and a free port. {@code GET /readyz} answers 200 while the pod
 * is ready (503 otherwise), {@code GET /livez} 200, and every {@code POST} (e.g. {@code /predict}) answers
 * {@code {"pod": ..., "namespace": ..., "revision": ..., "component": ...}} after the behaviour's latency. At most
 * {@code capacity} requests are served at once; the others queue for a slot.
 */
public final class StandInBento implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final String pod;
    private final String revision;
    private final String component;
    private final BentoBehaviour behaviour;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong busyNanos = new AtomicLong();
    private volatile boolean ready;
    private long sampledBusyNanos;
    private long sampledAtNanos = System.nanoTime();
    private volatile double averageConcurrency;

    public StandInBento(String namespace, String pod, String revision, String component, BentoBehaviour behaviour) {
        this.namespace = namespace;
        this.pod = pod;
        this.revision = revision;
        this.component = component;
        this.behaviour = behaviour;
        this.slots = new Semaphore(behaviour.capacity(), true);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bento-" + pod);
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the stand-in Bento of pod " + pod, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean ready() {
        return ready;
    }

    public void ready(boolean value) {
        ready = value;
    }

    public BentoBehaviour behaviour() {
        return behaviour;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long requests() {
        return requests.get();
    }

    /**
     * Average number of requests being served since the previous call (service time completed in the interval ÷ the
     * interval; Little's law). The simulator calls it once a second; the metrics read {@link #averageConcurrency()}.
     */
    synchronized double sampleConcurrency() {
        long now = System.nanoTime();
        long busy = busyNanos.get();
        long elapsed = Math.max(1, now - sampledAtNanos);
        averageConcurrency = (double) (busy - sampledBusyNanos) / elapsed;
        sampledBusyNanos = busy;
        sampledAtNanos = now;
        return averageConcurrency;
    }

    public double averageConcurrency() {
        return averageConcurrency;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "/readyz".equals(path)) {
                respond(exchange, ready ? 200 : 503, ready ? "ok" : "not ready", "text/plain");
            } else if ("GET".equals(method) && "/livez".equals(path)) {
                respond(exchange, 200, "ok", "text/plain");
            } else if ("POST".equals(method)) {
                predict(exchange);
            } else {
                respond(exchange, 404, "not found", "text/plain");
            }
        }
    }

    private void predict(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, "shutting down", "text/plain");
            return;
        }
        long start = System.nanoTime();
        inFlight.incrementAndGet();
        try {
            if (behaviour.latencyMs() > 0) {
                Thread.sleep(behaviour.latencyMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
            slots.release();
            busyNanos.addAndGet(System.nanoTime() - start);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pod", pod);
        answer.put("namespace", namespace);
        answer.put("revision", revision);
        answer.put("component", component);
        respond(exchange, 200, JSON.writeValueAsString(answer), "application/json");
    }

    private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        ready = false;
        server.stop(0);
        executor.shutdownNow();
    }
}
