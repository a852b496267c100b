package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.ScalingDirection;
import dev.tiffin.contracts.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;

/**
 * A component's autoscaling spec with every default applied (DESIGN.md §3): replica bounds, metric targets, both
 * directions' behaviour and the tolerance. Built once per revision and shared by every evaluation.
 */
public record AutoscalingPolicy(
        int minReplicas,
        int maxReplicas,
        List<Target> targets,
        DirectionRules scaleUp,
        DirectionRules scaleDown,
        Tolerance tolerance) {

    public AutoscalingPolicy {
        if (minReplicas < 0 || maxReplicas < 1 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException("replica bounds must satisfy 0 <= min <= max and max >= 1");
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one metric target is needed");
        }
    }

    /**
     * The effective policy of a spec: {@link SpecDefaults#autoscaling} (replicas, cpu 80% when no metric is given,
     * scale up fast and down stable) and {@link SpecDefaults#behaviorRules} (the presets, refined by explicit fields).
     * The spec must be valid ({@link dev.tiffin.contracts.validation.SpecValidator}).
     */
    public static AutoscalingPolicy of(Autoscaling spec) {
        Autoscaling effective = SpecDefaults.autoscaling(spec);
        List<Target> targets = new ArrayList<>();
        for (MetricTarget m : effective.metrics()) {
            targets.add(new Target(m.typeEnum(), m.value()));
        }
        return new AutoscalingPolicy(
                effective.minReplicas(),
                effective.maxReplicas(),
                targets,
                DirectionRules.of(SpecDefaults.behaviorRules(effective.scaleUp(), ScalingDirection.UP)),
                DirectionRules.of(SpecDefaults.behaviorRules(effective.scaleDown(), ScalingDirection.DOWN)),
                Tolerance.DEFAULT);
    }

    /** The target of {@code type}, or null when the component does not scale on it. */
    public Target target(dev.tiffin.contracts.spec.MetricType type) {
        for (Target t : targets) {
            if (t.type() == type) {
                return t;
            }
        }
        return null;
    }
}
