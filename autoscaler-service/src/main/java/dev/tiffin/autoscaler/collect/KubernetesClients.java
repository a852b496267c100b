package dev.tiffin.autoscaler.collect;

import dev.tiffin.contracts.catalog.ClusterInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A fabric8 client per cluster, built the way every Tiffin service reaches a cluster: the kubeconfig named by {@code
 * tiffin.kubeconfig}, else the {@code KUBECONFIG} environment variable, with the cluster's {@code kubeconfig_context}
 * (none: the kubeconfig's current context); without a kubeconfig, the in-cluster service account.
 */
@ApplicationScoped
public class KubernetesClients {

    private final Optional<String> kubeconfig;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public KubernetesClients(@ConfigProperty(name = "tiffin.kubeconfig") Optional<String> kubeconfig) {
        this.kubeconfig = kubeconfig
                .filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("KUBECONFIG")).filter(s -> !s.isBlank()));
    }

    public KubernetesClient forCluster(ClusterInfo cluster, String clusterName) {
        String context = cluster == null ? null : cluster.kubeconfigContext();
        String key = clusterName + "|" + (context == null ? "" : context);
        return clients.computeIfAbsent(key, k -> build(context));
    }

    private KubernetesClient build(String context) {
        Config config;
        if (kubeconfig.isPresent()) {
            File file = new File(kubeconfig.get().split(File.pathSeparator)[0]);
            config = Config.fromKubeconfig(context, file);
        } else {
            config = Config.autoConfigure(context);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
        clients.clear();
    }
}
