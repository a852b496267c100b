package dev.tiffin.rollout.executor;

import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.rollout.cluster.ClusterConnection;
import dev.tiffin.rollout.cluster.ClusterConnections;
import dev.tiffin.rollout.cluster.ClusterWriter;
import dev.tiffin.rollout.domain.EngineMemory;
import dev.tiffin.rollout.domain.ObservedWorkload;
import dev.tiffin.rollout.domain.RolloutEngine;
import dev.tiffin.rollout.domain.RolloutEngine.NewComponent;
import dev.tiffin.rollout.domain.RolloutOutcome;
import dev.tiffin.rollout.domain.RolloutOutcome.OutgoingEvent;
import dev.tiffin.rollout.domain.RolloutOutcome.ReplicaWrite;
import dev.tiffin.rollout.domain.RolloutOutcome.WorkloadRef;
import dev.tiffin.rollout.domain.RolloutPhase;
import dev.tiffin.rollout.domain.RolloutRecord;
import dev.tiffin.rollout.domain.WorkloadLimits;
import dev.tiffin.rollout.workload.DesiredWorkloads;
import dev.tiffin.rollout.workload.KubeNames;
import dev.tiffin.rollout.workload.WorkloadBuilder;
import dev.tiffin.rollout.workload.WorkloadLabels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The live rollout executor: keeps one {@link RolloutRecord} per deployment, decides with {@link RolloutEngine} on
 * every input (a revision, a lifecycle request, an autoscaling decision, a watch event of a workload, a progress
 * deadline) and carries the outcome out through the {@link ClusterWriter} and the {@link EventSink}. All work on one
 * deployment runs on one thread (the deployment's shard), in order; watch events for a deployment already queued are
 * coalesced. The replicas it wrote are remembered until the watch shows them, so that a decision never works from a
 * replica count older than its own last write (Kubernetes' "expectations").
 */
public final class RolloutController implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RolloutController.class);

    /** A deployment's progress deadline can be set with this label in its spec (seconds). */
    public static final String DEADLINE_LABEL = "tiffin.dev/progress-deadline-seconds";

    private final ClusterConnections clusters;
    private final ClusterWriter writer;
    private final WorkloadBuilder builder;
    private final EventSink events;
    private final Clock clock;
    private final long defaultDeadlineSeconds;
    private final RolloutMetrics metrics;
    private final ScheduledExecutorService[] shards;
    private final Map<String, Entry> book = new ConcurrentHashMap<>();
    private final Map<String, Boolean> queued = new ConcurrentHashMap<>();
    /** {@code context|namespace|name} of each deployment in the book → its key, for watch events. */
    private final Map<String, String> locations = new ConcurrentHashMap<>();

    private final Map<String, Long> triggeredAt = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> resumed = new CompletableFuture<>();

    /** What the controller knows of one deployment. */
    private static final class Entry {
        RolloutRecord record;
        EngineMemory memory = EngineMemory.EMPTY;
        final Map<String, Integer> written = new ConcurrentHashMap<>();
        ScheduledFuture<?> wake;
        Instant wakeAt;
    }

    public RolloutController(
            ClusterConnections.Factory clusters,
            ClusterWriter writer,
            WorkloadBuilder builder,
            EventSink events,
            Clock clock,
            long defaultDeadlineSeconds,
            int shardCount,
            RolloutMetrics metrics) {
        this.clusters = clusters.create(this::workloadChanged);
        this.writer = writer;
        this.builder = builder;
        this.events = events;
        this.clock = clock;
        this.defaultDeadlineSeconds = defaultDeadlineSeconds;
        this.metrics = metrics;
        this.shards = new ScheduledExecutorService[shardCount];
        for (int i = 0; i < shardCount; i++) {
            int n = i;
            shards[i] = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rollout-shard-" + n);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Resumes from the cluster: every rollout record found is taken up again and decided on at once, so a rollout
     * interrupted by a restart continues from the observed state (a step decided but perhaps not applied is applied
     * and its event published again, with the same id).
     */
    public void resume() {
        ClusterConnection connection = clusters.connection(ClusterConnections.DEFAULT_CONTEXT);
        List<String> records = ClusterWriter.records(connection.client());
        for (String json : records) {
            RolloutRecord record;
            try {
                record = TiffinJson.mapper().readValue(json, RolloutRecord.class);
            } catch (Exception e) {
                LOG.warnf("unreadable rollout record ignored: %s", e.getMessage());
                continue;
            }
            String key = record.deployment().key();
            run(key, () -> {
                Entry entry = book.computeIfAbsent(key, k -> new Entry());
                if (entry.record == null) {
                    entry.record = record;
                    locate(key, record);
                }
                clusters.connection(record.clusterContext());
                reconcileSafely(key);
                return null;
            });
            metrics.resumed();
        }
        LOG.infof("resumed %d rollout record(s) from the cluster", records.size());
        resumed.complete(null);
    }

    /** Completes once {@link #resume()} has taken up the records: inputs wait for it, so none overtakes a record. */
    public CompletableFuture<Void> resumed() {
        return resumed;
    }

    // ---- inputs ---------------------------------------------------------------------------------------------

    /** A new revision: its objects are created (0 replicas) and the rollout toward it starts. */
    public CompletableFuture<Void> onRevision(RevisionCreated revision) {
        String key = revision.deployment().key();
        return run(key, () -> {
            Entry entry = book.computeIfAbsent(key, k -> new Entry());
            Optional<RolloutRecord> previous = Optional.ofNullable(entry.record);
            if (previous.isPresent() && previous.get().latestRevision() >= revision.revision()) {
                return null; // seen before (redelivered)
            }
            String context =
                    revision.cluster() == null ? null : revision.cluster().kubeconfigContext();
            ClusterConnection connection = clusters.connection(context);
            DesiredWorkloads desired;
            List<NewComponent> components = new ArrayList<>();
            try {
                desired = builder.build(revision);
                for (WorkloadBuilder.ComponentRef c : WorkloadBuilder.components(revision)) {
                    components.add(new NewComponent(c.name(), c.kubeName(), limits(desired.deployment(c.kubeName()))));
                }
            } catch (IllegalArgumentException e) {
                // a revision the cluster cannot run (e.g. a sealed secret this service cannot open): reported, not
                // retried
                LOG.warnf("revision %d of %s cannot be rolled out: %s", revision.revision(), key, e.getMessage());
                events.publish(
                        revision.deployment(),
                        eventId(revision.deployment(), "rollout/r" + revision.revision() + "/invalid"),
                        new RolloutFailed(
                                revision.deployment(), revision.revision(), "invalid_revision", e.getMessage()));
                return null;
            }
            writer.apply(connection.client(), desired);
            RolloutOutcome outcome = RolloutEngine.start(
                    previous,
                    revision.deployment(),
                    context,
                    revision.revision(),
                    components,
                    deadlineSeconds(revision),
                    clock.instant());
            execute(key, entry, outcome, false);
            metrics.started();
            reconcileSafely(key);
            return null;
        });
    }

    /** terminate, delete, pause, resume or abort, once the deployment-service accepted it. */
    public CompletableFuture<Void> onAccepted(DeploymentAccepted accepted, String requester) {
        String key = accepted.deployment().key();
        return run(key, () -> {
            Entry entry = book.get(key);
            RolloutRecord record = entry == null ? null : entry.record;
            Instant now = clock.instant();
            RolloutOutcome outcome = switch (accepted.action()) {
                case terminate, delete ->
                    record == null
                            ? RolloutEngine.removeUnknown(
                                    accepted.deployment(), accepted.action().name(), accepted.requestId())
                            : RolloutEngine.remove(
                                    record,
                                    observe(record, entry),
                                    accepted.action().name(),
                                    accepted.requestId());
                case pause -> record == null ? null : RolloutEngine.pause(record, true, now);
                case resume -> record == null ? null : RolloutEngine.pause(record, false, now);
                case abort ->
                    record == null ? null : RolloutEngine.abort(record, observe(record, entry), requester, now);
                default -> null;
            };
            if (outcome == null) {
                return null;
            }
            Entry target = entry != null ? entry : book.computeIfAbsent(key, k -> new Entry());
            if (record == null && outcome.removeEverything()) {
                // nothing known here: remove leftovers in the default cluster, if any
                DeploymentId id = accepted.deployment();
                writer.removeEverything(
                        clusters.connection(ClusterConnections.DEFAULT_CONTEXT).client(), id.namespace(), id.name());
                outcome.events().forEach(e -> publish(id, e));
                book.remove(key);
                return null;
            }
            execute(key, target, outcome, false);
            if (book.containsKey(key)) {
                reconcileSafely(key);
            }
            return null;
        });
    }

    /** The autoscaler's decision: the component's target replicas (the rollout's new target while one runs). */
    public CompletableFuture<Void> onScaling(ScalingDecided decision) {
        String key = decision.deployment().key();
        triggeredAt.put(key, System.nanoTime());
        return run(key, () -> {
            Entry entry = book.get(key);
            if (entry == null || entry.record == null) {
                return null;
            }
            RolloutRecord record = entry.record;
            Optional<WorkloadLimits> limits = observe(record, entry).stream()
                    .filter(w -> w.component().equals(decision.component()) && w.revision() == record.targetRevision())
                    .map(ObservedWorkload::limits)
                    .findFirst();
            execute(
                    key,
                    entry,
                    RolloutEngine.scale(record, decision.component(), decision.desiredReplicas(), limits),
                    false);
            reconcileSafely(key);
            return null;
        });
    }

    /** A watch event: a workload of the deployment changed (replicas, readiness, deletion). */
    private void workloadChanged(ClusterConnection connection, String[] namespaceAndName) {
        String key = locations.get(location(connection.context(), namespaceAndName[0], namespaceAndName[1]));
        if (key != null) {
            enqueue(key);
        }
    }

    private static String location(String context, String namespace, String name) {
        return context + "|" + namespace + "|" + name;
    }

    private void locate(String key, RolloutRecord record) {
        locations.put(
                location(
                        contextOf(record),
                        record.deployment().namespace(),
                        record.deployment().name()),
                key);
    }

    // ---- deciding -----------------------------------------------------------------------------------------

    private void enqueue(String key) {
        triggeredAt.putIfAbsent(key, System.nanoTime());
        if (queued.putIfAbsent(key, Boolean.TRUE) == null) {
            shard(key).execute(() -> {
                queued.remove(key);
                reconcileSafely(key);
            });
        }
    }

    /** Decides and acts; a failed write (the API server unreachable, a conflict) is retried a second later. */
    private void reconcileSafely(String key) {
        try {
            reconcile(key);
        } catch (RuntimeException e) {
            LOG.warnf("reconciling %s failed (retried in 1 s): %s", key, e.toString());
            retryLater(key);
        }
    }

    private void reconcile(String key) {
        Entry entry = book.get(key);
        if (entry == null || entry.record == null) {
            triggeredAt.remove(key);
            return;
        }
        RolloutRecord record = entry.record;
        List<ObservedWorkload> observed = observe(record, entry);
        RolloutOutcome outcome = RolloutEngine.reconcile(record, observed, entry.memory, clock.instant());
        execute(key, entry, outcome, true);
    }

    private void execute(String key, Entry entry, RolloutOutcome outcome, boolean fromReconcile) {
        RolloutRecord before = entry.record;
        RolloutRecord record = outcome.record();
        RolloutRecord subject = record != null ? record : before;
        if (subject == null) {
            outcome.events().forEach(e -> LOG.debugf("dropped event %s: no deployment", e.idSeed()));
            return;
        }
        ClusterConnection connection = clusters.connection(subject.clusterContext());
        var client = connection.client();
        String namespace = subject.deployment().namespace();
        String name = subject.deployment().name();
        if (record != null && outcome.persist()) {
            writer.saveRecord(client, namespace, name, TiffinJson.write(record));
            entry.record = record;
            locate(key, record);
        }
        Long trigger = triggeredAt.remove(key);
        for (ReplicaWrite w : outcome.writes()) {
            String workload = KubeNames.workload(name, w.kubeName(), w.revision());
            writer.scale(client, namespace, workload, w.replicas());
            entry.written.put(workload, w.replicas());
        }
        if (trigger != null && !outcome.writes().isEmpty() && record != null && record.progressing()) {
            metrics.stepReaction(Duration.ofNanos(System.nanoTime() - trigger));
        }
        for (WorkloadRef d : outcome.deletions()) {
            writer.deleteWorkload(client, namespace, name, d.kubeName(), d.revision());
            entry.written.remove(KubeNames.workload(name, d.kubeName(), d.revision()));
        }
        if (outcome.removeEverything()) {
            writer.removeEverything(client, namespace, name);
        }
        entry.record = record;
        if (fromReconcile) {
            entry.memory = outcome.memory();
        }
        outcome.events().forEach(e -> publish(subject.deployment(), e));
        if (!outcome.events().isEmpty()) {
            metrics.observe(before, outcome, () -> strategies(subject, entry));
        }
        if (record == null) {
            cancelWake(entry);
            book.remove(key);
            locations.values().remove(key);
            return;
        }
        schedule(key, entry, outcome.wakeAt());
    }

    private void publish(DeploymentId deployment, OutgoingEvent event) {
        String id = event.idSeed() == null ? UUID.randomUUID().toString() : eventId(deployment, event.idSeed());
        events.publish(deployment, id, event.data());
    }

    static String eventId(DeploymentId deployment, String seed) {
        return UUID.nameUUIDFromBytes((deployment.key() + "/" + seed).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The strategy of each component of the record's target revision (metric labels). */
    private Map<String, String> strategies(RolloutRecord record, Entry entry) {
        Map<String, String> out = new java.util.HashMap<>();
        for (ObservedWorkload w : observe(record, entry)) {
            if (w.revision() == record.targetRevision()) {
                out.put(w.component(), w.limits().strategy().wire());
            }
        }
        return out;
    }

    /** The workloads of the record's deployment, with the replicas this controller wrote last. */
    private List<ObservedWorkload> observe(RolloutRecord record, Entry entry) {
        ClusterConnection connection = clusters.connection(record.clusterContext());
        List<Deployment> workloads = connection.workloads(
                record.deployment().namespace(), record.deployment().name());
        List<ObservedWorkload> out = new ArrayList<>(workloads.size());
        for (Deployment d : workloads) {
            Map<String, String> labels = d.getMetadata().getLabels();
            Map<String, String> annotations = d.getMetadata().getAnnotations();
            String revisionLabel = labels.get(WorkloadLabels.REVISION);
            String kubeName = labels.get(WorkloadLabels.COMPONENT);
            if (revisionLabel == null || kubeName == null || annotations == null) {
                continue;
            }
            int specReplicas =
                    d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
            Integer written = entry.written.get(d.getMetadata().getName());
            int desired = specReplicas;
            if (written != null) {
                if (written == specReplicas) {
                    entry.written.remove(d.getMetadata().getName());
                } else {
                    desired = written;
                }
            }
            int current = 0;
            int ready = 0;
            if (d.getStatus() != null) {
                current = orZero(d.getStatus().getReplicas());
                ready = orZero(d.getStatus().getReadyReplicas());
            }
            // pods above what is desired are going away: never count them as available
            ready = Math.min(ready, desired);
            String component = annotations.getOrDefault(WorkloadLabels.COMPONENT_NAME, kubeName);
            out.add(new ObservedWorkload(
                    component, kubeName, Integer.parseInt(revisionLabel), desired, current, ready, limits(d)));
        }
        return out;
    }

    static WorkloadLimits limits(Deployment d) {
        Map<String, String> a = d.getMetadata().getAnnotations();
        int min = Integer.parseInt(a.getOrDefault(WorkloadLabels.MIN_REPLICAS, "1"));
        int max = Integer.parseInt(a.getOrDefault(WorkloadLabels.MAX_REPLICAS, Integer.toString(Math.max(1, min))));
        DeploymentStrategy strategy =
                DeploymentStrategy.parse(a.getOrDefault(WorkloadLabels.STRATEGY, "RollingUpdate"));
        return new WorkloadLimits(min, Math.max(max, Math.max(1, min)), strategy);
    }

    private long deadlineSeconds(RevisionCreated revision) {
        Map<String, String> labels = revision.spec().labels();
        if (labels != null && labels.containsKey(DEADLINE_LABEL)) {
            try {
                long seconds = Long.parseLong(labels.get(DEADLINE_LABEL));
                if (seconds > 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                LOG.warnf("label %s=%s is not a number of seconds", DEADLINE_LABEL, labels.get(DEADLINE_LABEL));
            }
        }
        return defaultDeadlineSeconds;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String contextOf(RolloutRecord record) {
        return record.clusterContext() == null ? ClusterConnections.DEFAULT_CONTEXT : record.clusterContext();
    }

    // ---- scheduling ---------------------------------------------------------------------------------------

    private void schedule(String key, Entry entry, Instant wakeAt) {
        if (wakeAt == null) {
            cancelWake(entry);
            return;
        }
        if (wakeAt.equals(entry.wakeAt) && entry.wake != null && !entry.wake.isDone()) {
            return;
        }
        cancelWake(entry);
        long delay = Math.max(0, Duration.between(clock.instant(), wakeAt).toMillis());
        entry.wakeAt = wakeAt;
        entry.wake = shard(key).schedule(() -> enqueue(key), delay, TimeUnit.MILLISECONDS);
    }

    private static void cancelWake(Entry entry) {
        if (entry.wake != null) {
            entry.wake.cancel(false);
            entry.wake = null;
            entry.wakeAt = null;
        }
    }

    private void retryLater(String key) {
        shard(key).schedule(() -> enqueue(key), 1, TimeUnit.SECONDS);
    }

    private <T> CompletableFuture<T> run(String key, Supplier<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        shard(key).execute(() -> {
            try {
                done.complete(work.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private ScheduledExecutorService shard(String key) {
        return shards[Math.floorMod(key.hashCode(), shards.length)];
    }

    public int inProgress() {
        return (int) book.values().stream()
                .filter(e -> e.record != null && e.record.phase() == RolloutPhase.progressing)
                .count();
    }

    @Override
    public void close() {
        for (ScheduledExecutorService shard : shards) {
            shard.shutdownNow();
        }
        clusters.close();
    }
}
