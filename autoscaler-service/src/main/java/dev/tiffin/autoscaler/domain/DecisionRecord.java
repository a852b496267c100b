package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A decision as it is published and remembered: the counts, what limited it, the reason in words and the figures
 * behind it ({@link #figures}).
 */
public record DecisionRecord(
        Instant at,
        int currentReplicas,
        int desiredReplicas,
        int recommendedReplicas,
        int stabilizedReplicas,
        String limitedBy,
        String reason,
        Map<String, Double> metrics) {

    public DecisionRecord {
        metrics = Map.copyOf(metrics);
    }

    public static DecisionRecord of(ScalingDecision decision, Observation observation) {
        return new DecisionRecord(
                decision.at(),
                decision.currentReplicas(),
                decision.desiredReplicas(),
                decision.recommendedReplicas(),
                decision.stabilizedReplicas(),
                decision.limitedBy().wire(),
                decision.reason(),
                figures(decision, observation));
    }

    /**
     * The figures of a decision, as the {@code metrics} map of a {@code ScalingDecided} event: per metric {@code
     * <metric>} (its value: utilisation %, or requests/s per ready replica for qps; absent when it could not be read),
     * {@code <metric>.target}, {@code <metric>.ratio} and {@code <metric>.replicas} (its recommendation); then
     * {@code recommended_replicas} (the largest recommendation), {@code stabilized_replicas}, {@code ready_replicas}
     * and, when known, {@code in_flight} and {@code queue_depth}.
     */
    public static Map<String, Double> figures(ScalingDecision decision, Observation observation) {
        Map<String, Double> figures = new LinkedHashMap<>();
        for (MetricRecommendation m : decision.metrics()) {
            String name = m.type().wire();
            figures.put(name + ".target", m.target());
            if (m.available()) {
                if (m.value() != null) {
                    figures.put(name, m.value());
                }
                if (m.ratio() != null) {
                    figures.put(name + ".ratio", m.ratio());
                }
                figures.put(name + ".replicas", (double) m.replicas());
            }
        }
        figures.put("recommended_replicas", (double) decision.recommendedReplicas());
        figures.put("stabilized_replicas", (double) decision.stabilizedReplicas());
        figures.put("ready_replicas", (double) observation.readyReplicas());
        if (observation.inFlight() != null) {
            figures.put("in_flight", observation.inFlight());
        }
        if (observation.queued() != null) {
            figures.put("queue_depth", observation.queued());
        }
        return figures;
    }
}
