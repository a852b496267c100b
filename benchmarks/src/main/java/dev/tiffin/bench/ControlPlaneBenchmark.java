package dev.tiffin.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Control-plane throughput and latency: clients creating and updating deployments through the gateway with
 * {@code wait=accepted} (each answer includes the deployment-service's verdict). Two modes:
 *
 * <ul>
 *   <li>{@code --rate R}: open loop, R writes per second scheduled evenly; latency is measured from the scheduled
 *       send time, so a slow system cannot hide its queueing (no coordinated omission).
 *   <li>{@code --rate 0}: closed loop, {@code --clients} clients writing back to back: the sustained maximum.
 * </ul>
 *
 * Prints writes/s (accepted), p50/p90/p99/max latency, and the error count by status. A figure-printing tool, not a
 * test: it asserts nothing.
 */
public final class ControlPlaneBenchmark {

    private final String server;
    private final String token;
    private final int clients;
    private final int rate;
    private final Duration duration;
    private final Duration warmup;
    private final HttpClient http;
    private final List<String> names = new ArrayList<>();
    private final AtomicInteger nextName = new AtomicInteger();
    private final Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();

    private ControlPlaneBenchmark(Map<String, String> args) {
        server = args.getOrDefault("server", "http://127.0.0.1:8080");
        token = args.get("token");
        clients = Integer.parseInt(args.getOrDefault("clients", "16"));
        rate = Integer.parseInt(args.getOrDefault("rate", "0"));
        duration = Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", "30")));
        warmup = Duration.ofSeconds(Long.parseLong(args.getOrDefault("warmup", "10")));
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(Math.max(4, clients)))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        if (token == null) {
            throw new IllegalArgumentException("--token is required (bin/tiffin-bench reads .tiffin/admin-token)");
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new ConcurrentHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new ControlPlaneBenchmark(args).run();
    }

    private void run() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        int seeds = Math.max(clients * 2, 32);
        System.out.printf("seeding %d deployments ...%n", seeds);
        for (int i = 0; i < seeds; i++) {
            String name = "bench-" + run + "-" + i;
            int status = send(create(name));
            if (status != 201) {
                throw new IllegalStateException("seeding " + name + " answered " + status);
            }
            names.add(name);
        }
        System.out.printf("warm-up %d s ...%n", warmup.toSeconds());
        measure(run, warmup, false);
        failures.clear();
        System.out.printf(
                "measuring %d s: %s ...%n",
                duration.toSeconds(),
                rate > 0 ? "open loop at " + rate + " writes/s" : "closed loop, " + clients + " clients");
        long[] latencies = measure(run, duration, true);
        report(latencies);
        System.exit(0);
    }

    private long[] measure(String run, Duration length, boolean record) throws InterruptedException {
        LatencyLog log = new LatencyLog();
        long begin = System.nanoTime();
        long end = begin + length.toNanos();
        if (rate > 0) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            ExecutorService workers = Executors.newFixedThreadPool(clients * 4);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            AtomicLong tick = new AtomicLong();
            ticker.scheduleAtFixedRate(
                    () -> {
                        long now = System.nanoTime();
                        // catch up on every tick due (scheduled time, not actual send time, is the latency origin)
                        while (start + tick.get() * interval <= now && now < end) {
                            long scheduled = start + tick.getAndIncrement() * interval;
                            workers.execute(() -> timed(run, scheduled, log));
                        }
                    },
                    0,
                    Math.max(1, interval / 2_000),
                    TimeUnit.MICROSECONDS);
            while (System.nanoTime() < end) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            ticker.shutdownNow();
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
        } else {
            ExecutorService workers = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                workers.execute(() -> {
                    while (System.nanoTime() < end) {
                        timed(run, System.nanoTime(), log);
                    }
                });
            }
            workers.shutdown();
            workers.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        }
        // until the last answer: under overload, writes scheduled in the window finish after it
        long elapsed = Math.max(1, System.nanoTime() - begin);
        if (record) {
            System.out.printf(
                    "accepted writes: %d in %.1f s (until the last answer) = %.1f writes/s%n",
                    log.count(), elapsed / 1e9, log.count() / (elapsed / 1e9));
        }
        return log.values();
    }

    private void timed(String run, long scheduledNanos, LatencyLog log) {
        boolean isCreate = (nextName.get() % 4) == 0;
        HttpRequest request;
        if (isCreate) {
            request = create("bench-" + run + "-n" + nextName.incrementAndGet());
        } else {
            String name = names.get(Math.floorMod(nextName.incrementAndGet(), names.size()));
            request = update(name, UUID.randomUUID().toString().substring(0, 8));
        }
        int status = send(request);
        if (status == 200 || status == 201) {
            log.add(System.nanoTime() - scheduledNanos);
        } else {
            failures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private int send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private HttpRequest create(String name) {
        return HttpRequest.newBuilder(URI.create(server + "/v1/deployments?wait=accepted"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(spec(name, "initial")))
                .build();
    }

    private HttpRequest update(String name, String marker) {
        return HttpRequest.newBuilder(URI.create(server + "/v1/deployments/" + name + "?wait=accepted"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(spec(name, marker)))
                .build();
    }

    private static String spec(String name, String marker) {
        return """
                {"name": "%s", "bento": "iris-classifier:v1", "labels": {"bench": "%s"},
                 "api_server": {"autoscaling": {"min_replicas": 1, "max_replicas": 4}, "resources": {"instance_type": "cpu.1"}},
                 "runners": {"iris_clf": {"resources": {"instance_type": "cpu.1"}}}}""".formatted(name, marker);
    }

    private void report(long[] latencies) {
        Arrays.sort(latencies);
        System.out.printf(
                "latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  (n=%d)%n",
                pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), pct(latencies, 100), latencies.length);
        System.out.println("failures by status: " + (failures.isEmpty() ? "none" : failures));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.min(sorted.length - 1, Math.max(0, i))] / 1e6;
    }

    /** Latencies in nanoseconds, appended from many threads. */
    private static final class LatencyLog {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized int count() {
            return size;
        }

        synchronized long[] values() {
            return Arrays.copyOf(values, size);
        }
    }
}
