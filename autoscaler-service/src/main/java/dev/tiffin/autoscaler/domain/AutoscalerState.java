package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.List;

/**
 * What one component's autoscaler remembers between evaluations: the recommendation history (stabilization), the
 * scale-event history per direction (rate limits), and when a request was last seen in flight or queued (scale to
 * zero). Immutable: each evaluation returns the next state, which can be persisted or rebuilt after a restart. The
 * histories are read as lists (JSON, tests) but held in primitive arrays ({@link RecommendationHistory}, {@link
 * ScaleEventHistory}), which is what the decision function works on.
 */
public record AutoscalerState(
        List<Recommendation> recommendations,
        List<ScaleEvent> scaleUpEvents,
        List<ScaleEvent> scaleDownEvents,
        Instant lastBusyAt) {

    /** A component never evaluated: the first evaluation seeds the history with the current count, as the HPA does. */
    public static final AutoscalerState EMPTY = new AutoscalerState(List.of(), List.of(), List.of(), null);

    public AutoscalerState {
        recommendations = RecommendationHistory.of(recommendations);
        scaleUpEvents = ScaleEventHistory.of(scaleUpEvents);
        scaleDownEvents = ScaleEventHistory.of(scaleDownEvents);
    }

    /**
     * A state whose histories are consecutive ranges of one array: recommendations {@code [0, recommendationsEnd)},
     * scale-up events {@code [recommendationsEnd, scaleUpEnd)}, scale-down events {@code [scaleUpEnd, length)}. The
     * decision function writes the next state this way, so that the next evaluation reads one array.
     */
    static AutoscalerState of(long[] slots, int recommendationsEnd, int scaleUpEnd, Instant lastBusyAt) {
        return new AutoscalerState(
                new RecommendationHistory(slots, 0, recommendationsEnd),
                new ScaleEventHistory(slots, recommendationsEnd, scaleUpEnd),
                new ScaleEventHistory(slots, scaleUpEnd, slots.length),
                lastBusyAt);
    }

    RecommendationHistory recommendationHistory() {
        return (RecommendationHistory) recommendations;
    }

    ScaleEventHistory scaleUpHistory() {
        return (ScaleEventHistory) scaleUpEvents;
    }

    ScaleEventHistory scaleDownHistory() {
        return (ScaleEventHistory) scaleDownEvents;
    }
}
