package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the autoscaler knows about one component at {@code at}: the current (spec) replica count, how many pods are
 * ready, the latest reading of each metric (absent: could not be read), the requests in flight and queued ({@code
 * null}: unknown), and whether an activation request arrived (a request for a component at zero replicas).
 */
public record Observation(
        Instant at,
        int currentReplicas,
        int readyReplicas,
        Map<MetricType, MetricReading> metrics,
        Double inFlight,
        Double queued,
        boolean activation) {

    public Observation {
        if (at == null || currentReplicas < 0 || readyReplicas < 0) {
            throw new IllegalArgumentException("an observation needs a time and replica counts >= 0");
        }
        metrics = metrics.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(metrics));
    }

    /** Every pod ready, nothing known about requests in flight, no activation. */
    public static Observation of(Instant at, int currentReplicas, Map<MetricType, MetricReading> metrics) {
        return new Observation(at, currentReplicas, currentReplicas, metrics, null, null, false);
    }

    /**
     * Whether the component is serving anything right now: a request in flight or queued, an activation, or a
     * positive request rate.
     */
    public boolean busy() {
        if (activation || (inFlight != null && inFlight > 0) || (queued != null && queued > 0)) {
            return true;
        }
        MetricReading qps = metrics.get(MetricType.QPS);
        if (qps instanceof MetricReading.Average average) {
            return average.value() > 0;
        }
        if (qps instanceof MetricReading.Pods pods) {
            for (PodSample sample : pods.pods()) {
                if (sample.usage() != null && sample.usage() > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
