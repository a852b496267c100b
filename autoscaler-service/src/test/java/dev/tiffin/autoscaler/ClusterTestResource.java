package dev.tiffin.autoscaler;

import dev.tiffin.localcluster.BentoBehaviour;
import dev.tiffin.localcluster.LocalCluster;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The local simulated cluster started in-process (its kubeconfig is the service's {@code tiffin.kubeconfig}) and a
 * real Prometheus scraping the cluster's metrics port (the service's {@code tiffin.autoscaler.prometheus.url}, for
 * the GPU query). Tests reach both through {@link #cluster()} and {@link #prometheus()}.
 */
public class ClusterTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalCluster cluster;
    private static PrometheusProcess prometheus;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("tiffin-autoscaler-cluster");
            cluster = LocalCluster.start(new LocalCluster.Options(
                    "127.0.0.1",
                    0,
                    0,
                    dir.resolve("kubeconfig"),
                    null,
                    BentoBehaviour.DEFAULT.withStartupDelayMs(200).withLatencyMs(50),
                    Duration.ofMillis(200)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        prometheus = PrometheusProcess.start("127.0.0.1:" + cluster.metricsPort());
        return Map.of(
                "tiffin.kubeconfig", cluster.kubeconfig().toString(),
                "tiffin.autoscaler.prometheus.url", prometheus.url(),
                "tiffin.autoscaler.collect.interval", "1s");
    }

    public static LocalCluster cluster() {
        return cluster;
    }

    public static PrometheusProcess prometheus() {
        return prometheus;
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
