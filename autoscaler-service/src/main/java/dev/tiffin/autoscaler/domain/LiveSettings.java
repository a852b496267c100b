package dev.tiffin.autoscaler.domain;

import java.time.Duration;

/**
 * How the live autoscaler treats time: a metric older than {@code metricMaxAge} cannot be read; a component is
 * evaluated at most once per {@code minInterval} on sample arrival; a replica count reported by the rollout-service
 * that differs from a decision younger than {@code applyTimeout} predates the decision (the decision is kept as the
 * current count); {@code decisionsKept} decisions are remembered per component.
 */
public record LiveSettings(Duration metricMaxAge, Duration minInterval, Duration applyTimeout, int decisionsKept) {

    public static final LiveSettings DEFAULT =
            new LiveSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30), 10);

    public LiveSettings {
        if (metricMaxAge.isNegative() || minInterval.isNegative() || applyTimeout.isNegative() || decisionsKept < 1) {
            throw new IllegalArgumentException("durations must be >= 0 and at least one decision kept");
        }
    }
}
