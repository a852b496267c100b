package dev.tiffin.autoscaler.api;

import dev.tiffin.contracts.spec.Autoscaling;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /internal/v1/autoscaling/simulate}: a component autoscaling spec, the replica count before
 * the first tick, the seconds between ticks (default 15) and the ticks.
 */
public record SimulationRequest(
        Autoscaling autoscaling, Integer initialReplicas, Integer intervalSeconds, List<Tick> ticks) {

    /**
     * One tick: metric values ({@code cpu}, {@code memory}, {@code gpu}: average utilisation %; {@code qps}: the
     * component's total requests/s), and optionally the ready pods, the requests in flight and queued, and whether an
     * activation request arrived.
     */
    public record Tick(
            Map<String, Double> metrics,
            Integer readyReplicas,
            Double inFlight,
            Double queueDepth,
            Boolean activation) {}
}
