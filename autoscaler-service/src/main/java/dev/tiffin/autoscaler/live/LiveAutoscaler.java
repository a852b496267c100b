package dev.tiffin.autoscaler.live;

import dev.tiffin.autoscaler.config.AutoscalerConfig;
import dev.tiffin.autoscaler.config.AutoscalerMetrics;
import dev.tiffin.autoscaler.domain.DecisionRecord;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.LiveDeployment;
import dev.tiffin.autoscaler.domain.LiveSettings;
import dev.tiffin.autoscaler.messaging.Publisher;
import dev.tiffin.autoscaler.state.StateLog;
import dev.tiffin.autoscaler.state.StoredDeployment;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.ActivationRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStarted;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.DeploymentId;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The live autoscaler: the deployments of the partitions this instance owns, fed by the consumer, evaluated on sample
 * arrival (at most once per component per {@code min-evaluation-interval}; activations at once) and on a periodic tick,
 * publishing {@code ScalingDecided} when a desired count changes, and writing its state to the {@link StateLog}
 * (after decisions, revisions and replica reports at once, other changes every snapshot interval). All state changes
 * happen under this object's lock; evaluations are microseconds, publishing is asynchronous.
 *
 * <p>The state is written by the loop thread, never on the way from a message to its decision (docs/adr/0012): the
 * consumer's thread evaluates and sends the decision, then queues the deployment; the loop thread takes the queued
 * deployments' (immutable) state under the lock, encodes it outside, and sends it. {@link #handle} answers when what a
 * message changed is safe (its decision sent, the state written), and the consumer acknowledges the message only then,
 * so an offset is never committed before the state it produced is on the state topic.
 */
@ApplicationScoped
public class LiveAutoscaler {

    private static final Logger LOG = Logger.getLogger(LiveAutoscaler.class);

    /** The CloudEvent types {@link #handle} acts upon; the consumer does not decode the data of any other. */
    public static final Set<String> HANDLED = Stream.of(
                    RevisionCreated.class,
                    RolloutStarted.class,
                    RolloutCompleted.class,
                    RolloutFailed.class,
                    RolloutRolledBack.class,
                    ReplicasChanged.class,
                    RolloutStepCompleted.class,
                    WorkloadsRemoved.class,
                    MetricSampled.class,
                    ActivationRequested.class)
            .map(c -> EventType.of(c).type())
            .collect(Collectors.toUnmodifiableSet());

    private final AutoscalerConfig config;
    private final LiveSettings settings;
    private final Clock clock;
    private final Publisher publisher;
    private final StateLog stateLog;
    private final AutoscalerMetrics metrics;
    private final Map<String, Entry> deployments = new HashMap<>();
    private final Set<Integer> owned = new HashSet<>();
    /** Deployments to be written by the loop thread's next {@link #flush}, in the order they were queued. */
    private final List<Entry> queue = new ArrayList<>();

    private boolean flushScheduled;
    /** While {@link #handle} runs: what the message's effects wait for (decision sends, state writes). */
    private List<CompletableFuture<?>> awaited;

    private ScheduledExecutorService loop;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    /** One owned deployment: its state, whether it changed since it was written, and evaluation bookkeeping. */
    private static final class Entry {
        LiveDeployment deployment;
        /** Changed since it was last taken for writing (written at the latest on the next snapshot). */
        boolean dirty;
        /** In {@link #queue}. */
        boolean queued;
        /** Completed once the state as it is now has been written: what consumed messages wait for. */
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        /** Per component: the publication time (epoch ms) of the first sample since the last evaluation. */
        final Map<String, Long> triggeredAt = new HashMap<>();
        /** Components with a deferred evaluation scheduled. */
        final Set<String> scheduled = new HashSet<>();
        /**
         * Per component: the last evaluation caused by a sample or report (ticks do not count, so that a tick never
         * delays the reaction to a sample).
         */
        final Map<String, Instant> signalledAt = new HashMap<>();

        Entry(LiveDeployment deployment) {
            this.deployment = deployment;
        }
    }

    public LiveAutoscaler(
            AutoscalerConfig config, Clock clock, Publisher publisher, StateLog stateLog, AutoscalerMetrics metrics) {
        this.config = config;
        this.settings = config.liveSettings();
        this.clock = clock;
        this.publisher = publisher;
        this.stateLog = stateLog;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent start) {
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autoscaler-loop");
            t.setDaemon(true);
            return t;
        });
        long tick = config.tickInterval().toMillis();
        loop.scheduleAtFixedRate(() -> safely(this::tick), tick, tick, TimeUnit.MILLISECONDS);
        long snapshot = config.state().snapshotInterval().toMillis();
        loop.scheduleAtFixedRate(() -> safely(this::snapshot), snapshot, snapshot, TimeUnit.MILLISECONDS);
        stateLog.start();
    }

    void stop(@Observes ShutdownEvent stop) {
        if (loop != null) {
            loop.shutdownNow();
        }
        snapshot();
        publisher.flush();
    }

    // ---- partitions --------------------------------------------------------------------------------------------

    /** Partitions of {@code tiffin.deployment.events} assigned to this instance: load their deployments' state. */
    public void assigned(Set<Integer> partitions) {
        Map<String, StoredDeployment> loaded = stateLog.load(partitions);
        synchronized (this) {
            owned.addAll(partitions);
            loaded.forEach((key, stored) -> {
                if (!deployments.containsKey(key)) {
                    LiveDeployment d = stored.toLive();
                    deployments.put(key, new Entry(d));
                    d.components().values().forEach(c -> metrics.observe(d.id(), c));
                }
            });
        }
        LOG.infof("partitions %s assigned; %d deployments loaded from the state topic", partitions, loaded.size());
    }

    /** Partitions taken away: write their deployments' state (synchronously) and forget them here. */
    public void revoked(Set<Integer> partitions) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        synchronized (this) {
            owned.removeAll(partitions);
            deployments.entrySet().removeIf(e -> {
                if (!partitions.contains(stateLog.partitionOf(e.getKey()))) {
                    return false;
                }
                Entry entry = e.getValue();
                List<CompletableFuture<Void>> waiting = entry.waiting;
                entry.waiting = new ArrayList<>();
                CompletableFuture<?> written = stateLog.write(StoredDeployment.of(entry.deployment));
                written.whenComplete((meta, error) -> complete(waiting));
                writes.add(written);
                metrics.forget(entry.deployment.id());
                return true;
            });
        }
        try {
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("state of revoked partitions %s not confirmed written: %s", partitions, e.getMessage());
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /**
     * One event of {@code tiffin.deployment.events} or {@code tiffin.metrics}; {@code publishedAt} is the Kafka
     * record's timestamp (epoch ms).
     */
    public synchronized CompletionStage<Void> handle(EventData data, long publishedAt) {
        List<CompletableFuture<?>> waits = new ArrayList<>(2);
        awaited = waits;
        try {
            dispatch(data, publishedAt);
        } finally {
            awaited = null;
        }
        return switch (waits.size()) {
            case 0 -> DONE;
            case 1 -> waits.get(0).thenApply(x -> null);
            default -> CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
        };
    }

    private void dispatch(EventData data, long publishedAt) {
        Instant now = clock.instant();
        if (data instanceof RevisionCreated e) {
            revisionCreated(e);
        } else if (data instanceof RolloutStarted e) {
            update(e.deployment(), d -> d.revision() == e.revision() ? d.withRollingOut(true) : d, true);
        } else if (data instanceof RolloutCompleted e) {
            rolloutEnded(e.deployment(), now);
        } else if (data instanceof RolloutFailed e) {
            rolloutEnded(e.deployment(), now);
        } else if (data instanceof RolloutRolledBack e) {
            update(e.deployment(), d -> d.rolledBack(e.fromRevision(), e.toRevision()), true);
            rolloutEnded(e.deployment(), now);
        } else if (data instanceof ReplicasChanged e) {
            counts(e.deployment(), e.component(), e.revision(), e.desired(), e.ready(), now);
        } else if (data instanceof RolloutStepCompleted e) {
            counts(e.deployment(), e.component(), e.revision(), e.newDesired(), e.newReady(), now);
        } else if (data instanceof WorkloadsRemoved e) {
            forget(e.deployment());
        } else if (data instanceof MetricSampled e) {
            sample(e, publishedAt, now);
        } else if (data instanceof ActivationRequested e) {
            activation(e, publishedAt, now);
        }
        // anything else (our own ScalingDecided, status events, ...) does not concern the autoscaler
    }

    private void revisionCreated(RevisionCreated e) {
        String key = e.deployment().key();
        Entry entry = deployments.get(key);
        LiveDeployment next = LiveDeployment.revisionCreated(entry == null ? null : entry.deployment, e);
        if (entry == null) {
            entry = new Entry(next);
            deployments.put(key, entry);
        } else if (next == entry.deployment) {
            return;
        } else {
            entry.deployment = next;
        }
        persistSoon(entry);
        next.components().values().forEach(c -> metrics.observe(next.id(), c));
    }

    private void rolloutEnded(DeploymentId id, Instant now) {
        Entry entry = update(id, d -> d.withRollingOut(false), true);
        if (entry != null) {
            for (String component : entry.deployment.components().keySet()) {
                evaluate(entry, component, now);
            }
        }
    }

    private void counts(DeploymentId id, String component, int revision, int desired, int ready, Instant now) {
        Entry entry = update(id, d -> d.withCounts(component, revision, desired, ready, now, settings), true);
        if (entry != null) {
            LiveComponent c = entry.deployment.components().get(component);
            if (c != null) {
                metrics.observe(id, c);
            }
            onSignal(entry, component, null, now);
        }
    }

    private void forget(DeploymentId id) {
        Entry entry = deployments.remove(id.key());
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        if (entry != null) {
            metrics.forget(id);
            waiting.addAll(entry.waiting);
            entry.waiting = new ArrayList<>();
        }
        if (awaited != null) {
            CompletableFuture<Void> forgotten = new CompletableFuture<>();
            waiting.add(forgotten);
            awaited.add(forgotten);
        }
        stateLog.forget(id.key()).whenComplete((meta, error) -> complete(waiting));
    }

    private void sample(MetricSampled e, long publishedAt, Instant now) {
        if (stale(publishedAt, now)) {
            return;
        }
        Entry entry = deployments.get(e.deployment().key());
        if (entry == null || !entry.deployment.components().containsKey(e.component())) {
            return;
        }
        LiveComponent c = entry.deployment.components().get(e.component());
        entry.deployment = entry.deployment.withComponent(c.withSample(e.values(), e.source(), now));
        entry.dirty = true;
        onSignal(entry, e.component(), publishedAt, now);
    }

    private void activation(ActivationRequested e, long publishedAt, Instant now) {
        if (stale(publishedAt, now)) {
            return;
        }
        Entry entry = deployments.get(e.deployment().key());
        if (entry == null || !entry.deployment.components().containsKey(e.component())) {
            return;
        }
        LiveComponent c = entry.deployment.components().get(e.component());
        entry.deployment = entry.deployment.withComponent(c.withActivation(now));
        entry.triggeredAt.putIfAbsent(e.component(), publishedAt);
        evaluate(entry, e.component(), now);
    }

    /** A sample older than the metric maximum age (e.g. replayed after a long stop) is not acted upon. */
    private boolean stale(long publishedAt, Instant now) {
        return publishedAt > 0
                && now.toEpochMilli() - publishedAt > settings.metricMaxAge().toMillis();
    }

    /**
     * Evaluate now when due, else once when due: at most one sample- or report-driven evaluation per component per
     * {@code min-evaluation-interval} (ticks come on top and do not delay it).
     */
    private void onSignal(Entry entry, String component, Long publishedAt, Instant now) {
        if (publishedAt != null) {
            entry.triggeredAt.putIfAbsent(component, publishedAt);
        }
        if (!entry.deployment.components().containsKey(component)) {
            return;
        }
        Instant last = entry.signalledAt.get(component);
        Instant due = last == null ? now : last.plus(settings.minInterval());
        if (!now.isBefore(due)) {
            entry.signalledAt.put(component, now);
            evaluate(entry, component, now);
        } else if (entry.scheduled.add(component) && loop != null) {
            String key = entry.deployment.id().key();
            loop.schedule(
                    () -> safely(() -> deferred(key, component)),
                    Duration.between(now, due).toMillis() + 1,
                    TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void deferred(String key, String component) {
        Entry entry = deployments.get(key);
        if (entry != null) {
            Instant now = clock.instant();
            entry.scheduled.remove(component);
            entry.signalledAt.put(component, now);
            evaluate(entry, component, now);
        }
    }

    // ---- evaluation --------------------------------------------------------------------------------------------

    private void evaluate(Entry entry, String component, Instant now) {
        LiveDeployment d = entry.deployment;
        if (!d.evaluable(component)) {
            return;
        }
        LiveComponent.Evaluated evaluated = d.components().get(component).evaluate(now, settings);
        if (evaluated == null) {
            return;
        }
        metrics.evaluated();
        entry.deployment = d.withComponent(evaluated.next());
        entry.dirty = true;
        Long triggered = entry.triggeredAt.remove(component);
        if (evaluated.decision().changes()) {
            DecisionRecord r = evaluated.record();
            LiveComponent c = evaluated.next();
            CompletableFuture<?> sent = publisher
                    .event(
                            d.id(),
                            new ScalingDecided(
                                    d.id(),
                                    c.revision(),
                                    component,
                                    r.currentReplicas(),
                                    r.desiredReplicas(),
                                    r.reason(),
                                    r.limitedBy(),
                                    r.metrics()))
                    .whenComplete((meta, error) -> {
                        if (error != null) {
                            LOG.errorf(error, "scaling decision of %s/%s not published", d.id(), component);
                        }
                    });
            if (awaited != null) {
                awaited.add(sent);
            }
            if (triggered != null) {
                metrics.reaction(Duration.ofMillis(clock.millis() - triggered));
            }
            persistSoon(entry);
            metrics.decided(d.id(), component, r);
            LOG.infof("%s %s: %s", d.id(), component, r.reason());
        }
        metrics.observe(d.id(), evaluated.next());
    }

    private void tick() {
        Instant now = clock.instant();
        synchronized (this) {
            for (Entry entry : deployments.values()) {
                for (LiveComponent c : entry.deployment.components().values()) {
                    Instant last = c.lastEvaluatedAt();
                    if (last == null || !now.isBefore(last.plus(config.tickInterval()))) {
                        evaluate(entry, c.name(), now);
                    }
                }
            }
        }
    }

    /** Every deployment changed since it was last written: queued and written now (on the loop thread). */
    private void snapshot() {
        synchronized (this) {
            for (Entry entry : deployments.values()) {
                if (entry.dirty) {
                    enqueue(entry);
                }
            }
        }
        flush();
    }

    /**
     * The deployment's state is to be written at once (after a decision, a revision, a replica report), by the loop
     * thread, so that the message being handled waits for it but its decision does not.
     */
    private void persistSoon(Entry entry) {
        entry.dirty = true;
        if (awaited != null) {
            CompletableFuture<Void> written = new CompletableFuture<>();
            entry.waiting.add(written);
            awaited.add(written);
        }
        enqueue(entry);
        if (!flushScheduled && loop != null) {
            flushScheduled = true;
            try {
                loop.execute(() -> safely(this::flush));
            } catch (RejectedExecutionException stopping) {
                flushScheduled = false; // the snapshot at stop writes it
            }
        }
    }

    private void enqueue(Entry entry) {
        if (!entry.queued) {
            entry.queued = true;
            queue.add(entry);
        }
    }

    /**
     * Writes the queued deployments: their state taken under the lock (immutable values), encoded outside it (the
     * costly part, off every consumer's path), sent under it again unless the deployment was dropped meanwhile
     * (revoked: written there; forgotten: a tombstone was sent), so that a key's records are sent in order.
     */
    private void flush() {
        List<Entry> batch;
        List<LiveDeployment> states;
        List<List<CompletableFuture<Void>>> waiting;
        synchronized (this) {
            flushScheduled = false;
            if (queue.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(queue);
            queue.clear();
            states = new ArrayList<>(batch.size());
            waiting = new ArrayList<>(batch.size());
            for (Entry entry : batch) {
                entry.queued = false;
                entry.dirty = false;
                states.add(entry.deployment);
                waiting.add(entry.waiting);
                entry.waiting = new ArrayList<>();
            }
        }
        String[] encoded = new String[batch.size()];
        for (int i = 0; i < encoded.length; i++) {
            try {
                encoded[i] = stateLog.encode(StoredDeployment.of(states.get(i)));
            } catch (RuntimeException e) {
                LOG.errorf(e, "state of %s cannot be encoded", states.get(i).id());
            }
        }
        synchronized (this) {
            for (int i = 0; i < encoded.length; i++) {
                Entry entry = batch.get(i);
                List<CompletableFuture<Void>> done = waiting.get(i);
                String key = states.get(i).id().key();
                if (encoded[i] == null || deployments.get(key) != entry) {
                    complete(done);
                    continue;
                }
                stateLog.write(key, encoded[i]).whenComplete((meta, error) -> {
                    if (error == null) {
                        complete(done);
                    } else {
                        LOG.warnf("state of %s not written (retried): %s", key, error.getMessage());
                        retry(key, entry, done);
                    }
                });
            }
        }
    }

    private synchronized void retry(String key, Entry entry, List<CompletableFuture<Void>> done) {
        if (deployments.get(key) != entry) {
            complete(done);
            return;
        }
        entry.waiting.addAll(done);
        entry.dirty = true; // the next snapshot writes it again
    }

    private static void complete(List<CompletableFuture<Void>> futures) {
        for (CompletableFuture<Void> f : futures) {
            f.complete(null);
        }
    }

    private Entry update(DeploymentId id, java.util.function.UnaryOperator<LiveDeployment> change, boolean persist) {
        Entry entry = deployments.get(id.key());
        if (entry == null) {
            return null;
        }
        LiveDeployment next = change.apply(entry.deployment);
        if (next != entry.deployment) {
            entry.deployment = next;
            if (persist) {
                persistSoon(entry);
            } else {
                entry.dirty = true;
            }
        }
        return entry;
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "autoscaler loop task failed");
        }
    }

    // ---- queries -----------------------------------------------------------------------------------------------

    /** The deployment as this instance knows it (owned), else as the state topic has it (owned elsewhere). */
    public Optional<LiveDeployment> find(DeploymentId id) {
        synchronized (this) {
            Entry entry = deployments.get(id.key());
            if (entry != null) {
                return Optional.of(entry.deployment);
            }
        }
        return stateLog.read(id.key()).map(StoredDeployment::toLive);
    }

    /** The owned deployments (a copy), for the collectors. */
    public synchronized List<LiveDeployment> owned() {
        return deployments.values().stream().map(e -> e.deployment).toList();
    }

    /** Whether partition assignment happened (the consumer is running). */
    public synchronized boolean hasPartitions() {
        return !owned.isEmpty();
    }
}
