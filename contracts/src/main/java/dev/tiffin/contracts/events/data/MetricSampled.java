package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.Map;

/**
 * Metric values of one component over a window (e.g. qps, in_flight, queue_depth, cpu, memory, gpu), from a source
 * (traffic-service, a resource collector).
 */
public record MetricSampled(
        DeploymentId deployment,
        String component,
        String source,
        double windowSeconds,
        Map<String, Double> values,
        Instant sampledAt)
        implements EventData {}
