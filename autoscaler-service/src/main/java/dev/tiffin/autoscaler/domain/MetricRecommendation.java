package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;

/**
 * What one metric recommends: its current value (utilisation % as the HPA reports it, integer-truncated; or
 * requests/s per ready pod for qps), the usage ratio (value / target), and the replica count it proposes.
 */
public record MetricRecommendation(
        MetricType type, double target, Double value, Double ratio, int replicas, Outcome outcome) {

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

    static MetricRecommendation unavailable(Target target) {
        return new MetricRecommendation(target.type(), target.value(), null, null, 0, Outcome.UNAVAILABLE);
    }

    public boolean available() {
        return outcome != Outcome.UNAVAILABLE;
    }
}
