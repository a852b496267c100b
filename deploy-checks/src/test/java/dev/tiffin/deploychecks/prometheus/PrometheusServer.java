package dev.tiffin.deploychecks.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus (the {@code prometheus} binary on the PATH: Debian's package, installed by bin/test-env) on a free
 * loopback port, with a generated configuration that scrapes the given targets every second and loads the given rule
 * files. Its own metrics are scraped as job {@code prometheus}. Storage is a temporary directory, removed on close.
 */
public final class PrometheusServer implements AutoCloseable {

    /** A scrape target: job name, {@code host:port}, metrics path. */
    public record Target(String job, String address, String metricsPath) {

        /**
         * {@code job=host:port/path,job2=host:port} (the path defaults to {@code /q/metrics}), as given in a system
         * property.
         */
        public static List<Target> parse(String spec) {
            List<Target> targets = new ArrayList<>();
            if (spec == null || spec.isBlank()) {
                return targets;
            }
            for (String item : spec.split(",")) {
                String s = item.trim();
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("a target is job=host:port[/path], not: " + s);
                }
                String rest = s.substring(eq + 1);
                int slash = rest.indexOf('/');
                targets.add(new Target(
                        s.substring(0, eq),
                        slash < 0 ? rest : rest.substring(0, slash),
                        slash < 0 ? "/q/metrics" : rest.substring(slash)));
            }
            return targets;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Path dir, Process process, String baseUrl) {
        this.dir = dir;
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Whether {@code prometheus} can be started from the PATH. */
    public static boolean installed() {
        return onPath("prometheus");
    }

    static boolean onPath(String binary) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isBlank() && Files.isExecutable(Path.of(d, binary))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts Prometheus and waits until it is ready. Fails with a clear message when the binary is missing.
     *
     * @param targets scraped every second, besides Prometheus itself
     * @param ruleFiles loaded and evaluated every second
     */
    public static PrometheusServer start(List<Target> targets, List<Path> ruleFiles) {
        if (!installed()) {
            throw new AssertionError("prometheus is not on the PATH: run bin/test-env (it installs Debian's prometheus"
                    + " package, which also brings promtool)");
        }
        try {
            Path dir = Files.createTempDirectory("tiffin-prometheus");
            int port = freePort();
            StringBuilder config = new StringBuilder();
            config.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
            if (!ruleFiles.isEmpty()) {
                config.append("rule_files:\n");
                for (Path rules : ruleFiles) {
                    config.append("  - ")
                            .append(quote(rules.toAbsolutePath().toString()))
                            .append('\n');
                }
            }
            config.append("scrape_configs:\n");
            config.append("  - job_name: prometheus\n    static_configs:\n      - targets: [")
                    .append(quote("127.0.0.1:" + port))
                    .append("]\n");
            for (Target t : targets) {
                config.append("  - job_name: ")
                        .append(quote(t.job()))
                        .append("\n    metrics_path: ")
                        .append(quote(t.metricsPath()))
                        .append("\n    static_configs:\n      - targets: [")
                        .append(quote(t.address()))
                        .append("]\n");
            }
            Path configFile = dir.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            Process process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + configFile,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(dir, process, "http://127.0.0.1:" + port);
            server.awaitReady(Duration.ofSeconds(60));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    private void awaitReady(Duration timeout) {
        try {
            Awaitility.await("prometheus /-/ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
                        }
                        return http.send(
                                                HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready"))
                                                        .timeout(Duration.ofSeconds(2))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("prometheus was not ready within " + timeout + ":\n" + log(), e);
        }
    }

    /**
     * Waits until every job has been scraped at least {@code scrapes} times (so that {@code rate()} has two points),
     * successfully or not; returns the jobs whose last scrape failed ({@code up == 0}).
     */
    public List<String> awaitScrapes(List<String> jobs, int scrapes, Duration timeout) {
        try {
            Awaitility.await("prometheus scraped " + jobs + " " + scrapes + " times")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> jobs.stream()
                            .allMatch(job -> query("count_over_time(up{job=\"" + job + "\"}[1m]) >= " + scrapes)
                                            .seriesCount()
                                    > 0));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + ":\n" + log(), e);
        }
        List<String> down = new ArrayList<>();
        for (String job : jobs) {
            if (query("up{job=\"" + job + "\"} == 0").seriesCount() > 0) {
                down.add(job);
            }
        }
        return down;
    }

    /** Waits until every loaded rule has been evaluated once; returns the rules whose evaluation failed. */
    public List<String> awaitRuleEvaluations(Duration timeout) {
        List<String> failing = new ArrayList<>();
        Awaitility.await("every rule evaluated")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    failing.clear();
                    boolean pending = false;
                    for (JsonNode group : get("/api/v1/rules").path("data").path("groups")) {
                        for (JsonNode rule : group.path("rules")) {
                            String health = rule.path("health").asText();
                            if ("unknown".equals(health)) {
                                pending = true;
                            } else if (!"ok".equals(health)) {
                                failing.add(rule.path("name").asText() + ": "
                                        + rule.path("lastError").asText());
                            }
                        }
                    }
                    return !pending;
                });
        return List.copyOf(failing);
    }

    /** The answer to an instant query at the current time. */
    public QueryResult query(String promql) {
        JsonNode body = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return new QueryResult(
                body.path("status").asText(),
                body.path("errorType").asText(null),
                body.path("error").asText(null),
                body.path("data").path("result").isArray()
                        ? body.path("data").path("result").size()
                        : ("scalar".equals(body.path("data").path("resultType").asText()) ? 1 : 0));
    }

    /** {@code status} is {@code success} or {@code error}; {@code errorType} {@code bad_data} is a parse error. */
    public record QueryResult(String status, String errorType, String error, int seriesCount) {

        public boolean ok() {
            return "success".equals(status);
        }
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " from prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's log (for failure messages). */
    public String log() {
        try {
            Path log = dir.resolve("prometheus.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
