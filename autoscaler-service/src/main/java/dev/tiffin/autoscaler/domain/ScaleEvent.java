package dev.tiffin.autoscaler.domain;

import java.time.Instant;

/**
 * One applied change of the replica count in one direction ({@code timestampedScaleEvent}): {@code replicaChange} is
 * the size of the change (positive), {@code outdated} the HPA's sticky flag for an event older than the direction's
 * longest policy period (its slot may be reused).
 */
public record ScaleEvent(int replicaChange, Instant at, boolean outdated) {}
