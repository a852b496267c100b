package dev.tiffin.autoscaler.api;

import dev.tiffin.autoscaler.domain.DecisionRecord;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.LiveDeployment;
import dev.tiffin.autoscaler.domain.MetricValue;
import dev.tiffin.autoscaler.domain.Target;
import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /internal/v1/deployments/{cluster}/{namespace}/{name}/autoscaling}: per component the current, desired
 * and ready replicas, the bounds, the latest metric values (with their targets), the latest evaluation and the last
 * decisions with their reasons (newest first).
 */
public record AutoscalingStatus(DeploymentId deployment, int revision, boolean rollingOut, List<Component> components) {

    public record Component(
            String name,
            int revision,
            Integer currentReplicas,
            Integer desiredReplicas,
            int readyReplicas,
            int minReplicas,
            int maxReplicas,
            Map<String, Metric> metrics,
            DecisionRecord lastEvaluation,
            List<DecisionRecord> lastDecisions) {}

    /** A metric's latest value; {@code target} only for the metrics the component scales on. */
    public record Metric(double value, Double target, Instant sampledAt, String source) {}

    public static AutoscalingStatus of(LiveDeployment d) {
        return new AutoscalingStatus(
                d.id(),
                d.revision(),
                d.rollingOut(),
                d.components().values().stream()
                        .map(AutoscalingStatus::component)
                        .toList());
    }

    private static Component component(LiveComponent c) {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        for (Target t : c.policy().targets()) {
            MetricValue v = c.metrics().get(t.type().wire());
            if (v != null) {
                metrics.put(t.type().wire(), new Metric(v.value(), t.value(), v.at(), v.source()));
            }
        }
        c.metrics().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> metrics.putIfAbsent(
                        e.getKey(),
                        new Metric(
                                e.getValue().value(),
                                null,
                                e.getValue().at(),
                                e.getValue().source())));
        return new Component(
                c.name(),
                c.revision(),
                c.current(),
                c.desired(),
                c.ready(),
                c.policy().minReplicas(),
                c.policy().maxReplicas(),
                metrics,
                c.lastEvaluation(),
                c.decisions());
    }
}
