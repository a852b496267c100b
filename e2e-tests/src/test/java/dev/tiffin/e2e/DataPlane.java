package dev.tiffin.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Calls a deployment's endpoint through the traffic-service, once or as a steady load from several client threads. */
final class DataPlane {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private DataPlane() {}

    /** A traffic-service gauge of one component, as its {@code /q/metrics} shows it; -1 when it has none. */
    static double trafficGauge(TiffinStack stack, String metric, String deployment, String component)
            throws IOException, InterruptedException {
        String body = HTTP.send(
                        HttpRequest.newBuilder(URI.create(stack.trafficService.baseUrl() + "/q/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(l -> l.startsWith(metric + "{")
                        && l.contains("deployment=\"" + deployment + "\"")
                        && l.contains("component=\"" + component + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    /** One POST of a small JSON body to {@code url}, with a bearer token when given. */
    static HttpResponse<String> post(String url, String token) {
        return post(url, token, Duration.ofSeconds(120));
    }

    static HttpResponse<String> post(String url, String token, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sepal_length\": 5.1}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * A steady load: {@code clients} threads, each sending one request after the other, paced so that together they
     * send about {@code requestsPerSecond} (0 = as fast as the answers come). Every answer is counted by status code;
     * a request that gets no answer (connection error, client timeout) counts as status 0.
     */
    static final class Load implements AutoCloseable {

        private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?([^\",}]+)");

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Map<String, AtomicLong> byRevision = new ConcurrentHashMap<>();
        private final AtomicLong maxLatencyNanos = new AtomicLong();

        private Load(String url, String token, int clients, double requestsPerSecond) {
            long intervalNanos = requestsPerSecond <= 0 ? 0 : (long) (clients * 1e9 / requestsPerSecond);
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(() -> run(url, token, intervalNanos), "load-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        static Load start(String url, String token, int clients, double requestsPerSecond) {
            return new Load(url, token, clients, requestsPerSecond);
        }

        private void run(String url, String token, long intervalNanos) {
            long next = System.nanoTime();
            while (running.get()) {
                int status;
                String body = "";
                long sent = System.nanoTime();
                try {
                    HttpResponse<String> response = post(url, token, Duration.ofSeconds(30));
                    status = response.statusCode();
                    body = response.body();
                } catch (IllegalStateException e) {
                    status = 0;
                    body = e.getMessage();
                }
                long took = System.nanoTime() - sent;
                maxLatencyNanos.accumulateAndGet(took, Math::max);
                byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (status == 200) {
                    Matcher revision = REVISION.matcher(body);
                    byRevision
                            .computeIfAbsent(revision.find() ? revision.group(1) : "?", r -> new AtomicLong())
                            .incrementAndGet();
                } else if (failures.size() < 20) {
                    failures.add(status + " " + body);
                }
                if (intervalNanos > 0) {
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
            }
        }

        /** Answers so far by status code (0 = no answer). */
        Map<Integer, Long> byStatus() {
            Map<Integer, Long> copy = new TreeMap<>();
            byStatus.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        /** 200 answers so far by the revision of the pod that answered. */
        Map<String, Long> okByRevision() {
            Map<String, Long> copy = new TreeMap<>();
            byRevision.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        long ok() {
            return byStatus().getOrDefault(200, 0L);
        }

        long failed() {
            return byStatus().entrySet().stream()
                    .filter(e -> e.getKey() != 200)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        /** The longest time a request took, answered or not. */
        Duration maxLatency() {
            return Duration.ofNanos(maxLatencyNanos.get());
        }

        /** The first few failed answers, for assertion messages. */
        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() {
            running.set(false);
            for (Thread t : threads) {
                try {
                    t.join(Duration.ofSeconds(40).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
