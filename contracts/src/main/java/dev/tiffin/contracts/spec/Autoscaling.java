package dev.tiffin.contracts.spec;

import java.util.List;

/**
 * Replica bounds (min 0 = scale to zero), metric targets and HPA v2 behaviours per direction. A component without
 * metrics targets cpu 80% ({@link SpecDefaults}).
 */
public record Autoscaling(
        Integer minReplicas,
        Integer maxReplicas,
        List<MetricTarget> metrics,
        ScalingRules scaleUp,
        ScalingRules scaleDown) {}
