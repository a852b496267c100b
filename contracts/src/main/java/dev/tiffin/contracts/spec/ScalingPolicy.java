package dev.tiffin.contracts.spec;

/** An HPA v2 scaling policy: at most {@code value} pods (type pods) or percent (type percent) per period. */
public record ScalingPolicy(String type, Integer value, Integer periodSeconds) {}
