package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live autoscaler knows about one component between evaluations: its spec and effective policy, the revision
 * whose replica counts it follows, the current count ({@code null} until the rollout-service reported one), the ready
 * pods, a decision not yet confirmed by the rollout-service ({@code pendingDesired}), the HPA state, the latest metric
 * values, a pending activation, when it was last evaluated, the latest evaluation and the last decisions (newest
 * first). Immutable: every transition returns the next value.
 */
public record LiveComponent(
        ComponentSpec spec,
        AutoscalingPolicy policy,
        int revision,
        Integer current,
        int ready,
        Integer pendingDesired,
        Instant pendingAt,
        AutoscalerState state,
        Map<String, MetricValue> metrics,
        Instant activationAt,
        Instant lastEvaluatedAt,
        DecisionRecord lastEvaluation,
        List<DecisionRecord> decisions) {

    /** Sample keys that are not scaling metrics but tell the autoscaler about requests and pods. */
    public static final String IN_FLIGHT = "in_flight";

    public static final String QUEUE_DEPTH = "queue_depth";
    public static final String READY_PODS = "ready_pods";

    public LiveComponent {
        metrics = Map.copyOf(metrics);
        decisions = List.copyOf(decisions);
    }

    /** A component seen for the first time (no replica count yet). */
    public static LiveComponent of(ComponentSpec spec, int revision) {
        return new LiveComponent(
                spec,
                AutoscalingPolicy.of(spec.autoscaling()),
                revision,
                null,
                0,
                null,
                null,
                AutoscalerState.EMPTY,
                Map.of(),
                null,
                null,
                null,
                List.of());
    }

    public String name() {
        return spec.name();
    }

    /** The count the rollout-service is asked to reach: the pending decision, else the current count. */
    public Integer desired() {
        return pendingDesired != null ? pendingDesired : current;
    }

    /** A new revision's spec for the same component: the history and counts carry over. */
    public LiveComponent withSpec(ComponentSpec next) {
        if (next.equals(spec)) {
            return this;
        }
        return new LiveComponent(
                next,
                AutoscalingPolicy.of(next.autoscaling()),
                revision,
                current,
                ready,
                pendingDesired,
                pendingAt,
                state,
                metrics,
                activationAt,
                lastEvaluatedAt,
                lastEvaluation,
                decisions);
    }

    /**
     * Metric values of a sample. The ready count is the rollout-service's (its replica reports); a collector's {@code
     * ready_pods} is kept as a metric value only.
     */
    public LiveComponent withSample(Map<String, Double> values, String source, Instant now) {
        Map<String, MetricValue> next = new HashMap<>(metrics);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            Double v = e.getValue();
            if (v == null || !Double.isFinite(v) || v < 0) {
                continue;
            }
            next.put(e.getKey(), new MetricValue(v, now, source));
        }
        return new LiveComponent(
                spec,
                policy,
                revision,
                current,
                ready,
                pendingDesired,
                pendingAt,
                state,
                next,
                activationAt,
                lastEvaluatedAt,
                lastEvaluation,
                decisions);
    }

    /** A request arrived while the component had no ready replica. */
    public LiveComponent withActivation(Instant now) {
        return new LiveComponent(
                spec,
                policy,
                revision,
                current,
                ready,
                pendingDesired,
                pendingAt,
                state,
                metrics,
                activationAt == null ? now : activationAt,
                lastEvaluatedAt,
                lastEvaluation,
                decisions);
    }

    /**
     * Counts observed by the rollout-service for {@code reportedRevision}: followed when it is this component's
     * revision or a newer one. A desired count that differs from a decision younger than the apply timeout was
     * observed before the decision was applied: the decision stays the current count (as the HPA's write of {@code
     * spec.replicas} would have).
     */
    public LiveComponent withCounts(
            int reportedRevision, int desired, int readyPods, Instant now, LiveSettings settings) {
        if (reportedRevision < revision) {
            return this;
        }
        Integer nextCurrent = desired;
        Integer pending = null;
        Instant pendingSince = null;
        if (pendingDesired != null
                && desired != pendingDesired
                && now.isBefore(pendingAt.plus(settings.applyTimeout()))) {
            nextCurrent = pendingDesired;
            pending = pendingDesired;
            pendingSince = pendingAt;
        }
        return new LiveComponent(
                spec,
                policy,
                reportedRevision,
                nextCurrent,
                readyPods,
                pending,
                pendingSince,
                state,
                metrics,
                activationAt,
                lastEvaluatedAt,
                lastEvaluation,
                decisions);
    }

    /**
     * Follow another revision's counts (after a rollback): its reports are accepted from now on; until the first one
     * the last known counts stand.
     */
    public LiveComponent followRevision(int nextRevision) {
        return new LiveComponent(
                spec,
                policy,
                nextRevision,
                current,
                ready,
                null,
                null,
                state,
                metrics,
                activationAt,
                lastEvaluatedAt,
                lastEvaluation,
                decisions);
    }

    /** One interval after the last evaluation (of any cause); the live loop paces sample-driven ones itself. */
    public Instant dueAt(LiveSettings settings) {
        return lastEvaluatedAt == null ? Instant.MIN : lastEvaluatedAt.plus(settings.minInterval());
    }

    /** What {@link Autoscaler#evaluate} is given at {@code now}: only metric values younger than the maximum age. */
    public Observation observation(Instant now, LiveSettings settings) {
        int c = current == null ? 0 : current;
        Map<MetricType, MetricReading> readings = new EnumMap<>(MetricType.class);
        for (Target target : policy.targets()) {
            Double v = fresh(target.type().wire(), now, settings);
            if (v != null) {
                readings.put(target.type(), MetricReading.average(v));
            }
        }
        return new Observation(
                now,
                c,
                Math.min(ready, c),
                readings,
                fresh(IN_FLIGHT, now, settings),
                fresh(QUEUE_DEPTH, now, settings),
                activationAt != null);
    }

    private Double fresh(String metric, Instant now, LiveSettings settings) {
        MetricValue v = metrics.get(metric);
        return v == null || v.at().plus(settings.metricMaxAge()).isBefore(now) ? null : v.value();
    }

    /** The result of one evaluation: the next state and the decision (which {@link ScalingDecision#changes} or not). */
    public record Evaluated(LiveComponent next, ScalingDecision decision, DecisionRecord record) {}

    /**
     * One evaluation at {@code now}; null when the component has no current count yet. A decision that changes the
     * count becomes the current count at once (pending until the rollout-service reports it) and is remembered.
     */
    public Evaluated evaluate(Instant now, LiveSettings settings) {
        if (current == null) {
            return null;
        }
        Observation observation = observation(now, settings);
        Evaluation evaluation = Autoscaler.evaluate(policy, state, observation);
        ScalingDecision decision = evaluation.decision();
        DecisionRecord record = DecisionRecord.of(decision, observation);
        boolean changes = decision.changes();
        List<DecisionRecord> kept = decisions;
        if (changes) {
            List<DecisionRecord> next = new ArrayList<>(Math.min(decisions.size() + 1, settings.decisionsKept()));
            next.add(record);
            for (int i = 0; i < decisions.size() && next.size() < settings.decisionsKept(); i++) {
                next.add(decisions.get(i));
            }
            kept = next;
        }
        LiveComponent next = new LiveComponent(
                spec,
                policy,
                revision,
                changes ? decision.desiredReplicas() : current,
                ready,
                changes ? Integer.valueOf(decision.desiredReplicas()) : pendingDesired,
                changes ? now : pendingAt,
                evaluation.state(),
                metrics,
                null,
                now,
                record,
                kept);
        return new Evaluated(next, decision, record);
    }
}
