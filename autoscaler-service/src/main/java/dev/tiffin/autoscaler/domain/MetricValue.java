package dev.tiffin.autoscaler.domain;

import java.time.Instant;

/** The latest value of one metric of a component, when it arrived and from which source. */
public record MetricValue(double value, Instant at, String source) {}
