package dev.tiffin.rollout.cluster;

import dev.tiffin.rollout.workload.WorkloadLabels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One cluster (a kubeconfig context, or in-cluster): its client, and a watch (informer) on every workload Tiffin
 * manages in it, indexed by deployment ({@code namespace/name}). Every change of a workload, its replicas or its
 * status, calls {@code onChange(namespace, deploymentName)}: steps advance on watch events, not on polling.
 */
public final class ClusterConnection implements AutoCloseable {

    private static final String BY_DEPLOYMENT = "deployment";

    private final String context;
    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> workloads;

    ClusterConnection(String context, KubernetesClient client, BiConsumer<String, String> onChange) {
        this.context = context;
        this.client = client;
        this.workloads = client.apps()
                .deployments()
                .inAnyNamespace()
                .withLabel(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER)
                .runnableInformer(0);
        workloads.addIndexers(Map.of(BY_DEPLOYMENT, d -> List.of(deploymentKey(d))));
        workloads.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                changed(d);
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                changed(after);
            }

            @Override
            public void onDelete(Deployment d, boolean finalStateUnknown) {
                changed(d);
            }

            private void changed(Deployment d) {
                String name = d.getMetadata().getLabels().get(WorkloadLabels.DEPLOYMENT);
                if (name != null) {
                    onChange.accept(d.getMetadata().getNamespace(), name);
                }
            }
        });
    }

    void start() {
        workloads.run();
    }

    public String context() {
        return context;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The workloads of one deployment as the watch last saw them. */
    public List<Deployment> workloads(String namespace, String deploymentName) {
        return workloads.getIndexer().byIndex(BY_DEPLOYMENT, namespace + "/" + deploymentName);
    }

    private static String deploymentKey(Deployment d) {
        String name = d.getMetadata().getLabels() == null
                ? null
                : d.getMetadata().getLabels().get(WorkloadLabels.DEPLOYMENT);
        return d.getMetadata().getNamespace() + "/" + name;
    }

    @Override
    public void close() {
        workloads.close();
        client.close();
    }
}
