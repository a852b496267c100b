package dev.tiffin.traffic.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real upstream HTTP server of the test (its own Vert.x), for what the stand-in Bento cannot show: the headers a
 * replica receives, a body streamed in, a response streamed out, and a request that never gets an answer (to see the
 * traffic service cancel it).
 *
 * <ul>
 *   <li>{@code /headers}: answers the request headers as JSON.
 *   <li>{@code /upload}: counts the body bytes as they stream in; answers the count.
 *   <li>{@code /events}: server-sent events: {@code data: 1}, then waits for {@link #releaseEvents}, then
 *       {@code data: 2} and the end.
 *   <li>{@code /hold?n=...}: records {@code n} and answers only when the test calls {@link #releaseOne}.
 *   <li>{@code /hang}: never answers; {@link #hangClosed} completes when the traffic service closes the connection.
 * </ul>
 */
final class TestUpstream implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    final AtomicInteger hangStarted = new AtomicInteger();
    final CompletableFuture<Void> hangClosed = new CompletableFuture<>();
    final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicReference<Runnable> eventRelease = new AtomicReference<>();
    final CompletableFuture<Void> eventsStarted = new CompletableFuture<>();

    /** The {@code n} parameters of the {@code /hold} requests, in the order they reached this server. */
    final java.util.List<String> holdOrder = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.concurrent.BlockingQueue<Runnable> held = new java.util.concurrent.LinkedBlockingQueue<>();

    TestUpstream() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(req -> {
                    switch (req.path()) {
                        case "/headers" -> {
                            JsonObject headers = new JsonObject();
                            for (Map.Entry<String, String> h : req.headers()) {
                                headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue());
                            }
                            req.response()
                                    .putHeader("content-type", "application/json")
                                    .end(headers.encode());
                        }
                        case "/upload" -> {
                            AtomicLong count = new AtomicLong();
                            req.handler(b -> {
                                count.addAndGet(b.length());
                                uploadedBytes.addAndGet(b.length());
                            });
                            req.endHandler(v -> req.response().end(Long.toString(count.get())));
                        }
                        case "/echo" ->
                            req.body()
                                    .onSuccess(b -> req.response()
                                            .putHeader("content-type", "application/octet-stream")
                                            .end(b));
                        case "/events" -> {
                            var res = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
                            res.write("data: 1\n\n");
                            eventsStarted.complete(null);
                            eventRelease.set(() -> vertx.runOnContext(v -> res.end("data: 2\n\n")));
                        }
                        case "/hold" -> {
                            holdOrder.add(req.getParam("n"));
                            held.add(
                                    () -> vertx.runOnContext(v -> req.response().end("held " + req.getParam("n"))));
                        }
                        case "/hang" -> {
                            hangStarted.incrementAndGet();
                            req.connection().closeHandler(v -> hangClosed.complete(null));
                        }
                        default -> req.response().setStatusCode(404).end();
                    }
                })
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    /** Answers the oldest {@code /hold} request still open. */
    void releaseOne() throws InterruptedException {
        Runnable r = held.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no held request to release");
        }
        r.run();
    }

    void releaseEvents() {
        Runnable r = eventRelease.get();
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
