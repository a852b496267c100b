package dev.tiffin.autoscaler.domain;

import java.util.List;

/**
 * The current value of one metric of a component. A metric the autoscaler could not read has no reading at all: it
 * blocks scaling down and never blocks scaling up (HPA {@code computeReplicasForMetrics}).
 */
public sealed interface MetricReading permits MetricReading.Pods, MetricReading.Average {

    /** Per-pod samples (the metrics APIs' view): the HPA's missing-pod and unready-pod rules apply pod by pod. */
    record Pods(List<PodSample> pods) implements MetricReading {
        public Pods {
            pods = List.copyOf(pods);
        }
    }

    /**
     * A component-wide value: for cpu, memory and gpu the average utilisation % over the ready pods; for qps the
     * component's total requests per second (the traffic service's view). Each ready pod counts as one pod with the
     * average; the other pods of the current count are unready (they are starting).
     */
    record Average(double value) implements MetricReading {
        public Average {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("a metric value must be a finite number >= 0");
            }
        }
    }

    static Average average(double value) {
        return new Average(value);
    }
}
