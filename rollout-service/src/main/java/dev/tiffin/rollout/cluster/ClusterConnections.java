package dev.tiffin.rollout.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The clusters the rollout service writes to, one {@link ClusterConnection} per kubeconfig context: a registered
 * cluster's {@code kubeconfig_context}, or the kubeconfig's current context when it names none (the local simulated
 * cluster by default). Without a kubeconfig (no {@code tiffin.kubeconfig}, no {@code KUBECONFIG}) the service runs
 * in-cluster with its service account. Connections open on first use and stay open.
 */
public final class ClusterConnections implements AutoCloseable {

    /** Opens the connections of one controller, which gives the watch callback. */
    @FunctionalInterface
    public interface Factory {
        ClusterConnections create(BiConsumer<ClusterConnection, String[]> onChange);

        static Factory of(Optional<Path> kubeconfig) {
            return onChange -> new ClusterConnections(kubeconfig, onChange);
        }
    }

    /** The key of the kubeconfig's current context (or in-cluster). */
    public static final String DEFAULT_CONTEXT = "";

    private final Optional<Path> kubeconfig;
    private final BiConsumer<ClusterConnection, String[]> onChange;
    private final Map<String, ClusterConnection> connections = new ConcurrentHashMap<>();

    /**
     * @param onChange called with the connection and {namespace, deploymentName} when a workload changes
     */
    public ClusterConnections(Optional<Path> kubeconfig, BiConsumer<ClusterConnection, String[]> onChange) {
        this.kubeconfig = kubeconfig;
        this.onChange = onChange;
    }

    /** The connection of {@code context} (null or empty: the default one), opened and watching. */
    public ClusterConnection connection(String context) {
        String key = context == null ? DEFAULT_CONTEXT : context;
        return connections.computeIfAbsent(key, this::open);
    }

    private ClusterConnection open(String context) {
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config(context)).build();
        ClusterConnection[] self = new ClusterConnection[1];
        self[0] = new ClusterConnection(
                context, client, (namespace, name) -> onChange.accept(self[0], new String[] {namespace, name}));
        self[0].start();
        return self[0];
    }

    private Config config(String context) {
        String ctx = context.isEmpty() ? null : context;
        if (kubeconfig.isPresent()) {
            try {
                return Config.fromKubeconfig(
                        ctx,
                        Files.readString(kubeconfig.get()),
                        kubeconfig.get().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig.get(), e);
            }
        }
        return Config.autoConfigure(ctx);
    }

    @Override
    public void close() {
        connections.values().forEach(ClusterConnection::close);
        connections.clear();
    }
}
