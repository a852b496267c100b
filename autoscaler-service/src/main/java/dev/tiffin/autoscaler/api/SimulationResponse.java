package dev.tiffin.autoscaler.api;

import java.util.List;

/** The answer of the simulator: one entry per tick. */
public record SimulationResponse(List<Entry> timeline) {

    /** The decision at second {@code t}. */
    public record Entry(
            long t,
            int currentReplicas,
            int recommendedReplicas,
            int desiredReplicas,
            String limitedBy,
            String reason) {}
}
