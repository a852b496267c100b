package dev.tiffin.rollout.executor;

import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.events.data.RolloutFailed;
import dev.tiffin.contracts.events.data.RolloutRolledBack;
import dev.tiffin.contracts.events.data.RolloutStepCompleted;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.rollout.domain.RolloutOutcome;
import dev.tiffin.rollout.domain.RolloutOutcome.OutgoingEvent;
import dev.tiffin.rollout.domain.RolloutRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rollout service's metrics, all declared here and nowhere else (docs/metrics.md; deploy-checks fails on a meter
 * registered in another class): the build info, steps, the step reaction time, rollout durations by outcome, failures,
 * rollouts in progress, resumed records, cluster writes and dead letters. Labels are bounded (deployment, namespace,
 * cluster, component, strategy, reason, outcome, kind, verb, topic, version).
 */
public final class RolloutMetrics {

    private static final String UNKNOWN = "unknown";
    private static final String API_SERVER = "api-server";

    private final MeterRegistry registry;
    private final Timer stepReaction;

    public RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stepReaction = Timer.builder("tiffin.rollout.step.reaction")
                .description("From the watch event that allowed a step (pods ready) to the step's write")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry);
    }

    /** {@code tiffin_rollout_info}: always 1, labelled with the version that runs. */
    public void info(String version) {
        Gauge.builder("tiffin.rollout.info", () -> 1)
                .description("Always 1; the version label tells which build runs")
                .tag("version", version)
                .register(registry);
    }

    /** A write to a cluster ({@link dev.tiffin.rollout.cluster.ClusterWriter.Writes}). */
    public void clusterWrite(String kind, String verb) {
        registry.counter("tiffin.rollout.cluster.writes", "kind", kind, "verb", verb)
                .increment();
    }

    /** An unreadable or failing message of {@code topic} went to its dead-letter topic. */
    public void deadLettered(String topic) {
        registry.counter("tiffin.rollout.messages.dead.lettered", "topic", topic)
                .increment();
    }

    public void inProgress(Supplier<Number> count) {
        registry.gauge("tiffin.rollout.in.progress", count, s -> s.get().doubleValue());
    }

    void started() {
        registry.counter("tiffin.rollout.started").increment();
    }

    void resumed() {
        registry.counter("tiffin.rollout.records.resumed").increment();
    }

    void stepReaction(Duration duration) {
        stepReaction.record(duration);
    }

    /**
     * Counts what an outcome reports; {@code strategiesOfTarget} gives the strategies of the target revision's components,
     * looked up only when a step, failure or completion is reported
     * (the rollout's duration is labelled with the API server's).
     */
    void observe(RolloutRecord before, RolloutOutcome outcome, Supplier<Map<String, String>> strategiesOfTarget) {
        Map<String, String> strategies = null;
        for (OutgoingEvent e : outcome.events()) {
            boolean labelled = e.data() instanceof RolloutStepCompleted
                    || e.data() instanceof RolloutFailed
                    || e.data() instanceof RolloutCompleted
                    || e.data() instanceof RolloutRolledBack;
            if (strategies == null && labelled) {
                strategies = strategiesOfTarget.get();
            }
            if (e.data() instanceof RolloutStepCompleted step) {
                String strategy = strategies.getOrDefault(step.component(), UNKNOWN);
                registry.counter(
                                "tiffin.rollout.steps",
                                tags(step.deployment(), "component", step.component(), "strategy", strategy))
                        .increment();
            } else if (e.data() instanceof RolloutFailed failed) {
                registry.counter("tiffin.rollout.failures", tags(failed.deployment(), "reason", failed.reason()))
                        .increment();
                duration(before, strategies, "failed");
            } else if (e.data() instanceof RolloutCompleted) {
                duration(before, strategies, "completed");
            } else if (e.data() instanceof RolloutRolledBack) {
                duration(before, strategies, "rolled_back");
            }
        }
    }

    private void duration(RolloutRecord record, Map<String, String> strategies, String outcome) {
        if (record == null || record.startedAt() == null) {
            return;
        }
        Timer.builder("tiffin.rollout.duration")
                .description("How long rollouts took, by outcome")
                .tag("strategy", strategies.getOrDefault(API_SERVER, UNKNOWN))
                .tag("outcome", outcome)
                .register(registry)
                .record(Duration.between(record.startedAt(), Instant.now()));
    }

    private static String[] tags(DeploymentId id, String... more) {
        String[] tags = new String[6 + more.length];
        tags[0] = "deployment";
        tags[1] = id.name();
        tags[2] = "namespace";
        tags[3] = id.namespace();
        tags[4] = "cluster";
        tags[5] = id.cluster();
        System.arraycopy(more, 0, tags, 6, more.length);
        return tags;
    }
}
