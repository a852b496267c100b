package dev.tiffin.traffic.it;

import dev.tiffin.localcluster.BentoBehaviour;
import dev.tiffin.localcluster.LocalCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts the local simulated cluster in the test JVM (fabric8's CRUD API server and the kubelet simulator serving
 * stand-in Bento pods) and points the traffic service at it through {@code tiffin.kubeconfig}. Pods are Ready 200 ms
 * after they start and answer a POST after 10 ms, unless their image names one of the {@link Images} behaviours.
 */
public class LocalClusterResource implements QuarkusTestResourceLifecycleManager {

    /** Images whose pods behave differently (the simulator's ConfigMap {@code default/tiffin-simulator}). */
    public static final class Images {
        public static final String FAST = "test/fast:v1";
        /** 3 s per request. */
        public static final String SLOW = "test/slow:v1";
        /** 300 ms per request. */
        public static final String STEADY = "test/steady:v1";

        private Images() {}
    }

    private LocalCluster cluster;

    @Override
    public Map<String, String> start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("tiffin-traffic-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cluster = LocalCluster.start(new LocalCluster.Options(
                "127.0.0.1",
                0,
                0,
                dir.resolve("kubeconfig"),
                null,
                BentoBehaviour.DEFAULT.withStartupDelayMs(200).withLatencyMs(10).overriddenBy(null),
                Duration.ofMillis(300)));
        try (KubernetesClient kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, cluster.kubeconfig().toFile()))
                .build()) {
            kube.configMaps()
                    .inNamespace("default")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("tiffin-simulator")
                            .withNamespace("default")
                            .endMetadata()
                            .addToData("behaviours.json", """
                                    {"*": {"capacity": 64},
                                     "test/slow": {"latencyMs": 3000},
                                     "test/steady": {"latencyMs": 300}}
                                    """)
                            .build())
                    .create();
        }
        return Map.of("tiffin.kubeconfig", cluster.kubeconfig().toString());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                cluster, new TestInjector.AnnotatedAndMatchesType(InjectLocalCluster.class, LocalCluster.class));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }
}
