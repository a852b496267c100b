package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.MetricType;

/**
 * One metric target: for cpu, memory and gpu the target average utilisation in percent of the pods' requests; for qps
 * the target requests per second per replica.
 */
public record Target(MetricType type, double value) {

    public Target {
        if (type == null || !(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a target needs a type and a positive value");
        }
    }
}
