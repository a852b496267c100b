package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The what-if simulator: runs {@link Autoscaler#evaluate} (the live autoscaler's decision function) over a series of
 * ticks. Tick {@code i} happens at {@code t = i × interval}; its current count is the previous tick's desired count
 * ({@code initialReplicas} first), and its ready pods are {@code readyReplicas} when given (at most the current count),
 * else the current count. Metric values are component-wide: cpu, memory and gpu as average utilisation %, qps as total
 * requests/s.
 */
public final class Simulator {

    private Simulator() {}

    /** One tick's input; {@code readyReplicas}, {@code inFlight} and {@code queued} may be null. */
    public record Tick(
            Map<MetricType, Double> metrics,
            Integer readyReplicas,
            Double inFlight,
            Double queued,
            boolean activation) {

        public Tick {
            metrics = metrics.isEmpty() ? Map.of() : new EnumMap<>(metrics);
        }

        public static Tick of(Map<MetricType, Double> metrics) {
            return new Tick(metrics, null, null, null, false);
        }
    }

    /** One point of the timeline, with the full decision behind it. */
    public record Step(long t, ScalingDecision decision) {

        public int currentReplicas() {
            return decision.currentReplicas();
        }

        public int recommendedReplicas() {
            return decision.recommendedReplicas();
        }

        public int desiredReplicas() {
            return decision.desiredReplicas();
        }

        public LimitedBy limitedBy() {
            return decision.limitedBy();
        }

        public String reason() {
            return decision.reason();
        }
    }

    public static List<Step> run(AutoscalingPolicy policy, int initialReplicas, int intervalSeconds, List<Tick> ticks) {
        if (initialReplicas < 0 || intervalSeconds <= 0) {
            throw new IllegalArgumentException("initial replicas must be >= 0 and the interval > 0");
        }
        List<Step> timeline = new ArrayList<>(ticks.size());
        AutoscalerState state = AutoscalerState.EMPTY;
        int current = initialReplicas;
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            long t = (long) i * intervalSeconds;
            Map<MetricType, MetricReading> readings = new EnumMap<>(MetricType.class);
            tick.metrics().forEach((type, value) -> readings.put(type, MetricReading.average(value)));
            int ready = tick.readyReplicas() == null ? current : Math.min(tick.readyReplicas(), current);
            Observation observation = new Observation(
                    Instant.EPOCH.plusSeconds(t),
                    current,
                    ready,
                    readings,
                    tick.inFlight(),
                    tick.queued(),
                    tick.activation());
            Evaluation evaluation = Autoscaler.evaluate(policy, state, observation);
            timeline.add(new Step(t, evaluation.decision()));
            state = evaluation.state();
            current = evaluation.decision().desiredReplicas();
        }
        return timeline;
    }
}
