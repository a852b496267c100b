package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.List;

/**
 * What one component's autoscaler remembers between evaluations: the recommendation history (stabilization), the
 * scale-event history per direction (rate limits), and when a request was last seen in flight or queued (scale to
 * zero). Immutable: each evaluation returns the next state, which can be persisted or rebuilt after a restart.
 */
public record AutoscalerState(
        List<Recommendation> recommendations,
        List<ScaleEvent> scaleUpEvents,
        List<ScaleEvent> scaleDownEvents,
        Instant lastBusyAt) {

    /** A component never evaluated: the first evaluation seeds the history with the current count, as the HPA does. */
    public static final AutoscalerState EMPTY = new AutoscalerState(List.of(), List.of(), List.of(), null);

    public AutoscalerState {
        recommendations = List.copyOf(recommendations);
        scaleUpEvents = List.copyOf(scaleUpEvents);
        scaleDownEvents = List.copyOf(scaleDownEvents);
    }
}
