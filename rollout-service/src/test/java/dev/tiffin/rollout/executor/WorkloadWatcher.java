package dev.tiffin.rollout.executor;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches the workloads like an observer on the cluster and records, after every change, the state of each
 * deployment's workloads: per revision (of the API server) the desired replicas, the pods and the available ones
 * (ready, never counted above desired). The tests assert the strategies' invariants on every recorded state.
 */
final class WorkloadWatcher implements AutoCloseable {

    /** One revision's workload at a moment. */
    record Revision(int desired, int current, int available) {}

    private final Map<String, Map<Integer, Revision>> now = new ConcurrentHashMap<>();
    private final Map<String, List<Map<Integer, Revision>>> history = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Deployment> informer;

    WorkloadWatcher(KubernetesClient client) {
        informer = client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                record(d, false);
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                record(after, false);
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
                record(d, true);
            }
        });
    }

    private synchronized void record(Deployment d, boolean deleted) {
        Map<String, String> labels = d.getMetadata().getLabels();
        if (labels == null || !"api-server".equals(labels.get("tiffin.dev/component"))) {
            return;
        }
        String name = labels.get("tiffin.dev/deployment");
        int revision = Integer.parseInt(labels.get("tiffin.dev/revision"));
        Map<Integer, Revision> state = new TreeMap<>(now.getOrDefault(name, Map.of()));
        if (deleted) {
            state.remove(revision);
        } else {
            int desired = d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            int current = d.getStatus() == null || d.getStatus().getReplicas() == null
                    ? 0
                    : d.getStatus().getReplicas();
            int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                    ? 0
                    : d.getStatus().getReadyReplicas();
            state.put(revision, new Revision(desired, current, Math.min(ready, desired)));
        }
        now.put(name, state);
        history.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(Map.copyOf(state));
    }

    List<Map<Integer, Revision>> history(String deployment) {
        return history.getOrDefault(deployment, List.of());
    }

    Map<Integer, Revision> current(String deployment) {
        return now.getOrDefault(deployment, Map.of());
    }

    @Override
    public void close() {
        informer.close();
    }
}
