package dev.tiffin.autoscaler.domain;

import java.time.Instant;

/** One unstabilized recommendation as the HPA stores it ({@code timestampedRecommendation}). */
public record Recommendation(int replicas, Instant at) {}
