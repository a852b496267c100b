package dev.tiffin.autoscaler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus ({@code prometheus} on the PATH, as {@code bin/test-env} installs it) on a free loopback port with
 * a temporary data directory, scraping the given targets every second. {@link #close()} stops it and deletes its
 * files.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.start("127.0.0.1:" + cluster.metricsPort())) {
 *     prometheus.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code targets} ({@code host:port}, path /metrics) and waits until it is ready. */
    public static PrometheusProcess start(String... targets) {
        try {
            Path dir = Files.createTempDirectory("tiffin-prometheus");
            int port = freePort();
            StringBuilder config = new StringBuilder()
                    .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                    .append("scrape_configs:\n  - job_name: tiffin\n    honor_labels: true\n")
                    .append("    static_configs:\n      - targets: [");
            for (int i = 0; i < targets.length; i++) {
                config.append(i == 0 ? "" : ", ")
                        .append('\'')
                        .append(targets[i])
                        .append('\'');
            }
            config.append("]\n");
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, config);
            Process process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + file,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusProcess prometheus = new PrometheusProcess(process, dir, port);
            HttpClient http = HttpClient.newHttpClient();
            Awaitility.await("Prometheus ready on port " + port)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
                        }
                        return http.send(
                                                HttpRequest.newBuilder(URI.create(prometheus.url() + "/-/ready"))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus (is it installed? bin/test-env installs it)", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; nothing to do
        }
    }
}
