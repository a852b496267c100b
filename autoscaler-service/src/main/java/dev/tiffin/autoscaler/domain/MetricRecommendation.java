package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;
import java.util.Objects;

/**
 * What one metric recommends: its current value (utilisation % as the HPA reports it, integer-truncated; or
 * requests/s per ready pod for qps), the usage ratio (value / target), and the replica count it proposes.
 *
 * <p>A value class with the accessors, equality and text of a record {@code (MetricType type, double target, Double
 * value, Double ratio, int replicas, Outcome outcome)}: value and ratio are held as primitives (with a flag for
 * "absent", an unavailable metric has neither), so the decision function does not box two doubles per metric per
 * evaluation; {@link #value()} and {@link #ratio()} box only for the reader of an explanation.
 */
public final class MetricRecommendation {

    /** How the proposal came about. */
    public enum Outcome {
        /** ceil(ratio × pods): the metric asks for a change. */
        COMPUTED,
        /**
         * The current count: the ratio is within the tolerance, or the missing/unready-pod assumptions reversed the
         * direction.
         */
        HELD,
        /** The metric could not be read: it blocks scaling down. */
        UNAVAILABLE
    }

    private final MetricType type;
    private final double target;
    private final boolean hasValue;
    private final double value;
    private final boolean hasRatio;
    private final double ratio;
    private final int replicas;
    private final Outcome outcome;

    public MetricRecommendation(
            MetricType type, double target, Double value, Double ratio, int replicas, Outcome outcome) {
        this(
                type,
                target,
                value != null,
                value == null ? 0 : value,
                ratio != null,
                ratio == null ? 0 : ratio,
                replicas,
                outcome);
    }

    private MetricRecommendation(
            MetricType type,
            double target,
            boolean hasValue,
            double value,
            boolean hasRatio,
            double ratio,
            int replicas,
            Outcome outcome) {
        this.type = type;
        this.target = target;
        this.hasValue = hasValue;
        this.value = value;
        this.hasRatio = hasRatio;
        this.ratio = ratio;
        this.replicas = replicas;
        this.outcome = outcome;
    }

    /** A proposal with a value and a ratio (computed or held). */
    static MetricRecommendation of(
            MetricType type, double target, double value, double ratio, int replicas, Outcome outcome) {
        return new MetricRecommendation(type, target, true, value, true, ratio, replicas, outcome);
    }

    static MetricRecommendation unavailable(Target target) {
        return new MetricRecommendation(target.type(), target.value(), false, 0, false, 0, 0, Outcome.UNAVAILABLE);
    }

    public MetricType type() {
        return type;
    }

    public double target() {
        return target;
    }

    /** The metric's value, null when it could not be read. */
    public Double value() {
        return hasValue ? value : null;
    }

    /** The usage ratio, null when the metric could not be read. */
    public Double ratio() {
        return hasRatio ? ratio : null;
    }

    public int replicas() {
        return replicas;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean available() {
        return outcome != Outcome.UNAVAILABLE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricRecommendation m
                && type == m.type
                && Double.compare(target, m.target) == 0
                && Objects.equals(value(), m.value())
                && Objects.equals(ratio(), m.ratio())
                && replicas == m.replicas
                && outcome == m.outcome;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, target, value(), ratio(), replicas, outcome);
    }

    @Override
    public String toString() {
        return "MetricRecommendation[type=" + type + ", target=" + target + ", value=" + value() + ", ratio=" + ratio()
                + ", replicas=" + replicas + ", outcome=" + outcome + "]";
    }
}
