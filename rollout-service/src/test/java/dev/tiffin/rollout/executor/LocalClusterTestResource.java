package dev.tiffin.rollout.executor;

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
 * Starts the local simulated cluster in-process (fabric8's CRUD mock API server and the kubelet simulator) and points
 * the rollout-service at its kubeconfig. Pods start fast; images of {@code registry.local/broken} never become ready
 * and those of {@code registry.local/slow} take 1.5 s.
 */
public class LocalClusterTestResource implements QuarkusTestResourceLifecycleManager {

    static final String BEHAVIOURS = """
            {"registry.local/broken": {"neverReady": true},
             "registry.local/slow": {"startupDelayMs": 1500}}
            """;

    private static LocalCluster cluster;

    static LocalCluster cluster() {
        return cluster;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("tiffin-rollout-test");
            Path behaviours = dir.resolve("behaviours.json");
            Files.writeString(behaviours, BEHAVIOURS);
            cluster = LocalCluster.start(new LocalCluster.Options(
                    "127.0.0.1",
                    0,
                    0,
                    dir.resolve("kubeconfig"),
                    behaviours,
                    BentoBehaviour.DEFAULT.withStartupDelayMs(150).withLatencyMs(5),
                    Duration.ofMillis(100)));
            return Map.of("tiffin.kubeconfig", cluster.kubeconfig().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
