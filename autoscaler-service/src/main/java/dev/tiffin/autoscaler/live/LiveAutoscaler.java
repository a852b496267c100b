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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The live autoscaler: the deployments of the partitions this instance owns, fed by the consumer, evaluated on sample
 * arrival (at most once per component per {@code min-evaluation-interval}; activations at once) and on a periodic tick,
 * publishing {@code ScalingDecided} when a desired count changes, and writing its state to the {@link StateLog}
 * (decisions and replica reports at once, other changes every snapshot interval). All state changes happen under this
 * object's lock; evaluations are microseconds, publishing is asynchronous.
 */
@ApplicationScoped
public class LiveAutoscaler {

    private static final Logger LOG = Logger.getLogger(LiveAutoscaler.class);

    private final AutoscalerConfig config;
    private final LiveSettings settings;
    private final Clock clock;
    private final Publisher publisher;
    private final StateLog stateLog;
    private final AutoscalerMetrics metrics;
    private final Map<String, Entry> deployments = new HashMap<>();
    private final Set<Integer> owned = new HashSet<>();
    private ScheduledExecutorService loop;

    /** One owned deployment: its state, whether it changed since it was written, and evaluation bookkeeping. */
    private static final class Entry {
        LiveDeployment deployment;
        boolean dirty;
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
                writes.add(stateLog.write(StoredDeployment.of(e.getValue().deployment)));
                metrics.forget(e.getValue().deployment.id());
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
    public synchronized void handle(EventData data, long publishedAt) {
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
        write(entry);
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
        if (deployments.remove(id.key()) != null) {
            metrics.forget(id);
        }
        stateLog.forget(id.key());
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
            publisher
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
            if (triggered != null) {
                metrics.reaction(Duration.ofMillis(clock.millis() - triggered));
            }
            metrics.decided(d.id(), component, r);
            LOG.infof("%s %s: %s", d.id(), component, r.reason());
            write(entry);
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

    private synchronized void snapshot() {
        for (Entry entry : deployments.values()) {
            if (entry.dirty) {
                write(entry);
            }
        }
    }

    private void write(Entry entry) {
        entry.dirty = false;
        stateLog.write(StoredDeployment.of(entry.deployment)).whenComplete((meta, error) -> {
            if (error != null) {
                LOG.warnf("state of %s not written: %s", entry.deployment.id(), error.getMessage());
            }
        });
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
                write(entry);
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
