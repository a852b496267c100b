package dev.tiffin.autoscaler.state;

import dev.tiffin.autoscaler.domain.AutoscalerState;
import dev.tiffin.autoscaler.domain.ComponentSpec;
import dev.tiffin.autoscaler.domain.DecisionRecord;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.LiveDeployment;
import dev.tiffin.autoscaler.domain.MetricValue;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment's autoscaler state as written to the state topic (JSON, snake_case): everything a {@link
 * LiveDeployment} holds except the derived policies, which are rebuilt from the specs.
 */
public record StoredDeployment(
        DeploymentId id,
        ClusterInfo cluster,
        int revision,
        boolean rollingOut,
        int previousRevision,
        List<ComponentSpec> previousComponents,
        List<StoredComponent> components) {

    public record StoredComponent(
            ComponentSpec spec,
            int revision,
            Integer current,
            int ready,
            Integer pendingDesired,
            Instant pendingAt,
            AutoscalerState state,
            Map<String, MetricValue> metrics,
            Instant activationAt,
            Instant lastEvaluatedAt,
            DecisionRecord lastEvaluation,
            List<DecisionRecord> decisions) {}

    public static StoredDeployment of(LiveDeployment d) {
        return new StoredDeployment(
                d.id(),
                d.cluster(),
                d.revision(),
                d.rollingOut(),
                d.previousRevision(),
                d.previousComponents(),
                d.components().values().stream()
                        .map(c -> new StoredComponent(
                                c.spec(),
                                c.revision(),
                                c.current(),
                                c.ready(),
                                c.pendingDesired(),
                                c.pendingAt(),
                                c.state(),
                                c.metrics(),
                                c.activationAt(),
                                c.lastEvaluatedAt(),
                                c.lastEvaluation(),
                                c.decisions()))
                        .toList());
    }

    public LiveDeployment toLive() {
        Map<String, LiveComponent> live = new LinkedHashMap<>();
        for (StoredComponent c : components) {
            LiveComponent fresh = LiveComponent.of(c.spec(), c.revision());
            live.put(
                    c.spec().name(),
                    new LiveComponent(
                            c.spec(),
                            fresh.policy(),
                            c.revision(),
                            c.current(),
                            c.ready(),
                            c.pendingDesired(),
                            c.pendingAt(),
                            c.state() == null ? AutoscalerState.EMPTY : c.state(),
                            c.metrics() == null ? Map.of() : c.metrics(),
                            c.activationAt(),
                            c.lastEvaluatedAt(),
                            c.lastEvaluation(),
                            c.decisions() == null ? List.of() : c.decisions()));
        }
        return new LiveDeployment(
                id,
                cluster,
                revision,
                rollingOut,
                previousRevision,
                previousComponents == null ? List.of() : previousComponents,
                live);
    }
}
