package dev.tiffin.contracts.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective spec: what a submitted spec means once every default is applied (DESIGN.md §3). Pure functions;
 * applying them twice changes nothing.
 */
public final class SpecDefaults {

    public static final int DEFAULT_MIN_REPLICAS = 1;
    public static final int DEFAULT_MAX_REPLICAS = 1;
    public static final double DEFAULT_CPU_TARGET = 80;
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;

    /** An Integer, as Jackson reads {@code 60} back: the effective spec equals its own JSON round trip. */
    private static final TimeoutValue DEFAULT_TIMEOUT = TimeoutValue.of(DEFAULT_TIMEOUT_SECONDS);

    private static final ScalingPolicy PERCENT_100 = new ScalingPolicy("percent", 100, 15);
    private static final ScalingPolicy PODS_4 = new ScalingPolicy("pods", 4, 15);

    private SpecDefaults() {}

    /**
     * {@code spec} with every default filled in: cluster and namespace, access type protected, strategy
     * RollingUpdate, and per component replicas 1..1, a cpu 80% target, scale up fast and down stable, a 60 s timeout,
     * the deployment's strategy, and the deployment-level envs under the component's own (the component's win).
     */
    public static DeploymentSpec effective(DeploymentSpec spec, String defaultCluster, String defaultNamespace) {
        String strategy = orElse(spec.deploymentStrategy(), DeploymentStrategy.ROLLING_UPDATE.wire());
        List<EnvVar> envs = spec.envs() == null ? List.of() : spec.envs();
        Map<String, Component> runners = new LinkedHashMap<>();
        if (spec.runners() != null) {
            spec.runners().forEach((name, runner) -> runners.put(name, component(runner, strategy, envs)));
        }
        return new DeploymentSpec(
                spec.name(),
                spec.description(),
                orElse(spec.cluster(), defaultCluster),
                orElse(spec.kubeNamespace(), defaultNamespace),
                orElse(spec.accessType(), AccessType.PROTECTED.wire()),
                spec.bento(),
                strategy,
                envs,
                spec.bentomlConfig() == null ? Map.of() : spec.bentomlConfig(),
                spec.labels() == null ? Map.of() : spec.labels(),
                component(spec.apiServer(), strategy, envs),
                runners);
    }

    /** One component with its defaults; {@code null} stands for an empty component. */
    public static Component component(Component component, String deploymentStrategy, List<EnvVar> deploymentEnvs) {
        Component c = component == null ? new Component(null, null, null, null, null) : component;
        return new Component(
                autoscaling(c.autoscaling()),
                c.resources(),
                traffic(c.traffic()),
                mergeEnvs(deploymentEnvs, c.envs()),
                orElse(c.deploymentStrategy(), deploymentStrategy));
    }

    /** Replicas like BentoML's {@code _fix_scaling}: none → 1..1; only min → max = max(min, 1); only max → min 1. */
    public static Autoscaling autoscaling(Autoscaling autoscaling) {
        Autoscaling a = autoscaling == null ? new Autoscaling(null, null, null, null, null) : autoscaling;
        int min;
        int max;
        if (a.minReplicas() == null && a.maxReplicas() == null) {
            min = DEFAULT_MIN_REPLICAS;
            max = DEFAULT_MAX_REPLICAS;
        } else if (a.maxReplicas() == null) {
            min = a.minReplicas();
            max = Math.max(min, 1);
        } else if (a.minReplicas() == null) {
            max = a.maxReplicas();
            min = Math.min(DEFAULT_MIN_REPLICAS, max);
        } else {
            min = a.minReplicas();
            max = a.maxReplicas();
        }
        List<MetricTarget> metrics = a.metrics() == null || a.metrics().isEmpty()
                ? List.of(new MetricTarget(MetricType.CPU.wire(), DEFAULT_CPU_TARGET))
                : a.metrics();
        return new Autoscaling(
                min,
                max,
                metrics,
                rules(a.scaleUp(), defaultBehavior(ScalingDirection.UP)),
                rules(a.scaleDown(), defaultBehavior(ScalingDirection.DOWN)));
    }

    /** Timeout 60 s when absent; max_queue and max_concurrency stay absent (unlimited, none). */
    public static TrafficControl traffic(TrafficControl traffic) {
        if (traffic == null) {
            return new TrafficControl(DEFAULT_TIMEOUT, null, null);
        }
        return traffic.timeout() != null
                ? traffic
                : new TrafficControl(DEFAULT_TIMEOUT, traffic.maxQueue(), traffic.maxConcurrency());
    }

    /** {@code deploymentEnvs} overridden by {@code componentEnvs} by name; order: deployment's first, then new ones. */
    public static List<EnvVar> mergeEnvs(List<EnvVar> deploymentEnvs, List<EnvVar> componentEnvs) {
        Map<String, EnvVar> merged = new LinkedHashMap<>();
        if (deploymentEnvs != null) {
            deploymentEnvs.forEach(e -> merged.put(e.name(), e));
        }
        if (componentEnvs != null) {
            componentEnvs.forEach(e -> merged.put(e.name(), e));
        }
        return new ArrayList<>(merged.values());
    }

    /** fast for scaling up, stable for scaling down (the product description's defaults). */
    public static Behavior defaultBehavior(ScalingDirection direction) {
        return direction == ScalingDirection.UP ? Behavior.FAST : Behavior.STABLE;
    }

    /**
     * The HPA v2 behaviour of one direction (DESIGN.md §3): the preset ({@code rules.behavior}, or the direction's
     * default) resolved to window, policies and select policy, then each explicit field of {@code rules} laid over it.
     * fast: window 0, [100% / 15 s, 4 pods / 15 s], max; stable: window 300, [100% / 15 s], max; disabled: the
     * Kubernetes default of the direction with select policy disabled.
     */
    public static ResolvedBehavior behaviorRules(ScalingRules rules, ScalingDirection direction) {
        Behavior behavior = rules == null || rules.behavior() == null
                ? defaultBehavior(direction)
                : Behavior.parse(rules.behavior());
        ResolvedBehavior preset = preset(behavior, direction);
        if (rules == null) {
            return preset;
        }
        return new ResolvedBehavior(
                rules.stabilizationWindowSeconds() == null
                        ? preset.stabilizationWindowSeconds()
                        : rules.stabilizationWindowSeconds(),
                rules.policies() == null || rules.policies().isEmpty() ? preset.policies() : rules.policies(),
                orElse(rules.selectPolicy(), preset.selectPolicy()));
    }

    private static ResolvedBehavior preset(Behavior behavior, ScalingDirection direction) {
        return switch (behavior) {
            case FAST -> new ResolvedBehavior(0, List.of(PERCENT_100, PODS_4), "max");
            case STABLE -> new ResolvedBehavior(300, List.of(PERCENT_100), "max");
            case DISABLED ->
                direction == ScalingDirection.UP
                        ? new ResolvedBehavior(0, List.of(PERCENT_100, PODS_4), "disabled")
                        : new ResolvedBehavior(300, List.of(PERCENT_100), "disabled");
        };
    }

    private static ScalingRules rules(ScalingRules rules, Behavior fallback) {
        if (rules == null) {
            return ScalingRules.preset(fallback);
        }
        return rules.behavior() != null
                ? rules
                : new ScalingRules(
                        fallback.wire(), rules.stabilizationWindowSeconds(), rules.policies(), rules.selectPolicy());
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
