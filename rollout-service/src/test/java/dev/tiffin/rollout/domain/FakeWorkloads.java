package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.rollout.domain.RolloutOutcome.ReplicaWrite;
import dev.tiffin.rollout.domain.RolloutOutcome.WorkloadRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Workloads of one deployment as a test cluster: writes set the desired replicas; the test decides readiness. */
final class FakeWorkloads {

    record Key(String kubeName, int revision) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = kubeName.compareTo(o.kubeName);
            return c != 0 ? c : Integer.compare(revision, o.revision);
        }
    }

    static final class W {
        String component;
        int desired;
        int current;
        int ready;
        WorkloadLimits limits;
    }

    final Map<Key, W> workloads = new TreeMap<>();

    void create(String component, String kubeName, int revision, WorkloadLimits limits) {
        W w = new W();
        w.component = component;
        w.limits = limits;
        workloads.put(new Key(kubeName, revision), w);
    }

    static WorkloadLimits limits(int min, int max, DeploymentStrategy strategy) {
        return new WorkloadLimits(min, max, strategy);
    }

    /** Applies an outcome's writes and deletions, as the cluster would (pods exist at once, not ready). */
    void apply(RolloutOutcome outcome) {
        for (ReplicaWrite w : outcome.writes()) {
            W x = workloads.get(new Key(w.kubeName(), w.revision()));
            x.desired = w.replicas();
            x.current = w.replicas();
            x.ready = Math.min(x.ready, w.replicas());
        }
        for (WorkloadRef d : outcome.deletions()) {
            workloads.remove(new Key(d.kubeName(), d.revision()));
        }
        if (outcome.removeEverything()) {
            workloads.clear();
        }
    }

    /** Every pod of the revision's workloads becomes ready. */
    void ready(int revision) {
        workloads.forEach((k, w) -> {
            if (k.revision() == revision) {
                w.ready = w.current;
            }
        });
    }

    List<ObservedWorkload> observed() {
        List<ObservedWorkload> out = new ArrayList<>();
        workloads.forEach((k, w) -> out.add(new ObservedWorkload(
                w.component, k.kubeName(), k.revision(), w.desired, w.current, w.ready, w.limits)));
        return out;
    }

    int desired(int revision) {
        return workloads.entrySet().stream()
                .filter(e -> e.getKey().revision() == revision)
                .mapToInt(e -> e.getValue().desired)
                .sum();
    }

    int ready(String kubeName, int revision) {
        W w = workloads.get(new Key(kubeName, revision));
        return w == null ? 0 : w.ready;
    }

    int totalDesired() {
        return workloads.values().stream().mapToInt(w -> w.desired).sum();
    }

    int totalReady() {
        return workloads.values().stream().mapToInt(w -> w.ready).sum();
    }

    boolean has(int revision) {
        return workloads.keySet().stream().anyMatch(k -> k.revision() == revision);
    }
}
