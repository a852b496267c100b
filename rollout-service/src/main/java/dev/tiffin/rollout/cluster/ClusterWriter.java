package dev.tiffin.rollout.cluster;

import dev.tiffin.rollout.workload.DesiredWorkloads;
import dev.tiffin.rollout.workload.KubeNames;
import dev.tiffin.rollout.workload.WorkloadLabels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/**
 * Every write Tiffin makes to a cluster goes through here (DESIGN.md §2: the rollout service is the only writer): a
 * revision's objects, replica counts, deletions, and the rollout record ConfigMap. Writes are idempotent, so that a
 * step repeated after a restart changes nothing twice. Each write is reported to {@link Writes} (the rollout
 * service's metrics count them in {@code tiffin_rollout_cluster_writes_total}).
 */
public final class ClusterWriter {

    /** The key of the rollout record in its ConfigMap. */
    public static final String RECORD_KEY = "record.json";

    /** Told of every write: the object's kind ({@code deployment}, {@code service}, ...) and the verb. */
    @FunctionalInterface
    public interface Writes {
        void written(String kind, String verb);
    }

    private final Writes writes;

    public ClusterWriter(Writes writes) {
        this.writes = writes;
    }

    /**
     * Creates what is missing of a revision: its Secret (immutable, so never updated), the Services (updated when
     * they differ) and the workloads, created with 0 replicas; existing workloads keep their replicas.
     */
    public void apply(KubernetesClient client, DesiredWorkloads desired) {
        desired.envSecret().ifPresent(secret -> {
            var resource = client.secrets()
                    .inNamespace(secret.getMetadata().getNamespace())
                    .withName(secret.getMetadata().getName());
            if (resource.get() == null) {
                client.secrets()
                        .inNamespace(secret.getMetadata().getNamespace())
                        .resource(secret)
                        .create();
                count("secret", "create");
            }
        });
        for (Service service : desired.services()) {
            String ns = service.getMetadata().getNamespace();
            var resource = client.services()
                    .inNamespace(ns)
                    .withName(service.getMetadata().getName());
            Service existing = resource.get();
            if (existing == null) {
                client.services().inNamespace(ns).resource(service).create();
                count("service", "create");
            } else if (!existing.getSpec()
                            .getSelector()
                            .equals(service.getSpec().getSelector())
                    || !existing.getMetadata()
                            .getLabels()
                            .equals(service.getMetadata().getLabels())) {
                resource.edit(s -> new ServiceBuilder(s)
                        .editMetadata()
                        .withLabels(service.getMetadata().getLabels())
                        .withAnnotations(service.getMetadata().getAnnotations())
                        .endMetadata()
                        .editSpec()
                        .withSelector(service.getSpec().getSelector())
                        .withPorts(service.getSpec().getPorts())
                        .endSpec()
                        .build());
                count("service", "update");
            }
        }
        for (Deployment workload : desired.deployments()) {
            String ns = workload.getMetadata().getNamespace();
            if (client.apps()
                            .deployments()
                            .inNamespace(ns)
                            .withName(workload.getMetadata().getName())
                            .get()
                    == null) {
                client.apps().deployments().inNamespace(ns).resource(workload).create();
                count("deployment", "create");
            }
        }
    }

    /**
     * Sets a workload's {@code spec.replicas}: a rollout step or an autoscaling decision. A merge patch of that one
     * field, without a resource version: the kubelet's status writes never make it conflict, and nobody else writes
     * the replicas.
     */
    public void scale(KubernetesClient client, String namespace, String workload, int replicas) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(workload)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
        count("deployment", "patch");
    }

    /** Deletes one revision's workload of a component, and the revision's Secret when no workload of it remains. */
    public void deleteWorkload(
            KubernetesClient client, String namespace, String deployment, String kubeName, int revision) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(KubeNames.workload(deployment, kubeName, revision))
                .delete();
        count("deployment", "delete");
        boolean revisionLeft = !client.apps()
                .deployments()
                .inNamespace(namespace)
                .withLabel(WorkloadLabels.DEPLOYMENT, deployment)
                .withLabel(WorkloadLabels.REVISION, Integer.toString(revision))
                .list()
                .getItems()
                .isEmpty();
        if (!revisionLeft) {
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(KubeNames.envSecret(deployment, revision))
                    .get();
            if (secret != null) {
                client.secrets().inNamespace(namespace).resource(secret).delete();
                count("secret", "delete");
            }
        }
    }

    /** terminate / delete: every workload, Service, Secret and the rollout record of the deployment. */
    public void removeEverything(KubernetesClient client, String namespace, String deployment) {
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .withLabel(WorkloadLabels.DEPLOYMENT, deployment)
                .withLabel(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER)
                .delete();
        count("deployment", "delete");
        client.services()
                .inNamespace(namespace)
                .withLabel(WorkloadLabels.DEPLOYMENT, deployment)
                .withLabel(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER)
                .delete();
        count("service", "delete");
        client.secrets()
                .inNamespace(namespace)
                .withLabel(WorkloadLabels.DEPLOYMENT, deployment)
                .withLabel(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER)
                .delete();
        count("secret", "delete");
        deleteRecord(client, namespace, deployment);
    }

    /** Stores a deployment's rollout record (ADR 0007). */
    public void saveRecord(KubernetesClient client, String namespace, String deployment, String json) {
        String name = KubeNames.rolloutRecord(deployment);
        var resource = client.configMaps().inNamespace(namespace).withName(name);
        if (resource.get() == null) {
            ConfigMap map = new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(Map.of(
                            WorkloadLabels.DEPLOYMENT,
                            deployment,
                            WorkloadLabels.MANAGED_BY,
                            WorkloadLabels.MANAGER,
                            WorkloadLabels.ROLLOUT_RECORD,
                            "true"))
                    .endMetadata()
                    .withData(Map.of(RECORD_KEY, json))
                    .build();
            client.configMaps().inNamespace(namespace).resource(map).create();
            count("configmap", "create");
        } else {
            resource.edit(m ->
                    new ConfigMapBuilder(m).withData(Map.of(RECORD_KEY, json)).build());
            count("configmap", "update");
        }
    }

    public void deleteRecord(KubernetesClient client, String namespace, String deployment) {
        client.configMaps()
                .inNamespace(namespace)
                .withName(KubeNames.rolloutRecord(deployment))
                .delete();
        count("configmap", "delete");
    }

    /** Every rollout record in the cluster (read at start-up to resume where the last instance stopped). */
    public static List<String> records(KubernetesClient client) {
        return client
                .configMaps()
                .inAnyNamespace()
                .withLabel(WorkloadLabels.ROLLOUT_RECORD, "true")
                .list()
                .getItems()
                .stream()
                .map(m -> m.getData() == null ? null : m.getData().get(RECORD_KEY))
                .filter(json -> json != null)
                .toList();
    }

    private void count(String kind, String verb) {
        writes.written(kind, verb);
    }
}
