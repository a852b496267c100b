package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import java.util.Map;

/** The autoscaler's decision for one component: how many replicas, why, and what limited it. */
public record ScalingDecided(
        DeploymentId deployment,
        int revision,
        String component,
        int currentReplicas,
        int desiredReplicas,
        String reason,
        String limitedBy,
        Map<String, Double> metrics)
        implements EventData {}
