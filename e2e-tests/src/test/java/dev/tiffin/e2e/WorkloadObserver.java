package dev.tiffin.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An independent observer of one deployment's API-server workloads on the cluster, as an operator's watch would see
 * them: after every change, the sum over revisions of the desired replicas and of the available ones (ready pods,
 * never counted above the workload's desired count), with each revision's own counts and the moment it was seen. The
 * strategies' bounds are asserted on every recorded state.
 */
final class WorkloadObserver implements AutoCloseable {

    /**
     * Σdesired and Σavailable over the API server's workloads at one moment, when the watch delivered it, and per
     * revision: desired replicas and ready pods (as the workload's status reports them, not capped).
     */
    record State(Instant at, int desired, int available, Map<Integer, int[]> revisions) {

        /** Ready pods of the revisions other than {@code revision}. */
        int readyOtherThan(int revision) {
            return revisions.entrySet().stream()
                    .filter(e -> e.getKey() != revision)
                    .mapToInt(e -> e.getValue()[1])
                    .sum();
        }

        /** Desired replicas of {@code revision} (0 when it has no workload). */
        int desiredOf(int revision) {
            int[] r = revisions.get(revision);
            return r == null ? 0 : r[0];
        }

        /** Ready pods of {@code revision} (0 when it has no workload). */
        int readyOf(int revision) {
            int[] r = revisions.get(revision);
            return r == null ? 0 : r[1];
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("(desired " + desired + ", available " + available);
            revisions.forEach((rev, r) -> sb.append(", r")
                    .append(rev)
                    .append(' ')
                    .append(r[1])
                    .append('/')
                    .append(r[0]));
            return sb.append(')').toString();
        }
    }

    private final String deployment;
    private final KubernetesClient client;
    private final SharedIndexInformer<Deployment> informer;
    private final Map<Integer, int[]> revisions = new TreeMap<>();
    private final List<State> states = new CopyOnWriteArrayList<>();

    WorkloadObserver(Path kubeconfig, String deployment) throws IOException {
        this.deployment = deployment;
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build();
        informer = client.apps()
                .deployments()
                .inNamespace(TiffinStack.NAMESPACE)
                .withLabel("tiffin.dev/deployment", deployment)
                .withLabel("tiffin.dev/component", "api-server")
                .inform(new ResourceEventHandler<>() {
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
        int revision = Integer.parseInt(d.getMetadata().getLabels().get("tiffin.dev/revision"));
        if (deleted) {
            revisions.remove(revision);
        } else {
            int desired = d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
            revisions.put(revision, new int[] {desired, ready == null ? 0 : ready});
        }
        int desired = revisions.values().stream().mapToInt(r -> r[0]).sum();
        int available =
                revisions.values().stream().mapToInt(r -> Math.min(r[0], r[1])).sum();
        Map<Integer, int[]> copy = new TreeMap<>();
        revisions.forEach((rev, r) -> copy.put(rev, r.clone()));
        states.add(new State(Instant.now(), desired, available, Collections.unmodifiableMap(copy)));
    }

    /** Every state recorded since the observer started. */
    List<State> states() {
        return List.copyOf(states);
    }

    /** The number of states recorded so far (to look only at the states after a moment). */
    int size() {
        return states.size();
    }

    @Override
    public void close() {
        informer.close();
        client.close();
    }

    @Override
    public String toString() {
        return "workloads of " + deployment + ": " + states;
    }
}
