package dev.tiffin.autoscaler.api;

import dev.tiffin.autoscaler.domain.AutoscalingPolicy;
import dev.tiffin.autoscaler.domain.Simulator;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.SpecValidator;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a simulation request and turns it into the simulator's input, reporting every bad field with its path. The
 * autoscaling spec is checked by the contracts' {@link SpecValidator}, exactly as a submitted deployment's would be.
 */
final class SimulationRequests {

    static final int MAX_TICKS = 10_000;
    static final int MAX_INTERVAL_SECONDS = 3600;
    static final int DEFAULT_INTERVAL_SECONDS = 15;

    private static final String COMPONENT_PATH = "api_server.autoscaling";

    /** The checked input of {@link Simulator#run}. */
    record Checked(AutoscalingPolicy policy, int initialReplicas, int intervalSeconds, List<Simulator.Tick> ticks) {}

    private SimulationRequests() {}

    static Checked check(SimulationRequest request) {
        List<Violation> violations = new ArrayList<>();
        if (request.autoscaling() == null) {
            violations.add(Violation.of("autoscaling", ViolationCodes.REQUIRED, "autoscaling is required"));
        } else {
            DeploymentSpec probe = new DeploymentSpec(
                    "simulation",
                    null,
                    null,
                    null,
                    null,
                    "simulation:latest",
                    null,
                    null,
                    null,
                    null,
                    new Component(request.autoscaling(), null, null, null, null),
                    null);
            for (Violation v : SpecValidator.validate(probe)) {
                if (v.path().startsWith(COMPONENT_PATH)) {
                    violations.add(Violation.of(
                            "autoscaling" + v.path().substring(COMPONENT_PATH.length()), v.code(), v.message()));
                }
            }
        }
        Integer initial = request.initialReplicas();
        if (initial == null) {
            violations.add(Violation.of("initial_replicas", ViolationCodes.REQUIRED, "initial_replicas is required"));
        } else if (initial < 0 || initial > SpecValidator.MAX_REPLICAS) {
            violations.add(Violation.of(
                    "initial_replicas",
                    ViolationCodes.OUT_OF_RANGE,
                    "initial_replicas must be between 0 and " + SpecValidator.MAX_REPLICAS));
        }
        Integer interval = request.intervalSeconds();
        if (interval != null && (interval < 1 || interval > MAX_INTERVAL_SECONDS)) {
            violations.add(Violation.of(
                    "interval_seconds",
                    ViolationCodes.OUT_OF_RANGE,
                    "interval_seconds must be between 1 and " + MAX_INTERVAL_SECONDS));
        }
        List<Simulator.Tick> ticks = new ArrayList<>();
        if (request.ticks() == null || request.ticks().isEmpty()) {
            violations.add(Violation.of("ticks", ViolationCodes.REQUIRED, "at least one tick is required"));
        } else if (request.ticks().size() > MAX_TICKS) {
            violations.add(
                    Violation.of("ticks", ViolationCodes.OUT_OF_RANGE, "at most " + MAX_TICKS + " ticks are allowed"));
        } else {
            for (int i = 0; i < request.ticks().size(); i++) {
                Simulator.Tick tick = tick("ticks[" + i + "]", request.ticks().get(i), violations);
                ticks.add(tick);
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
        return new Checked(
                AutoscalingPolicy.of(request.autoscaling()),
                initial,
                interval == null ? DEFAULT_INTERVAL_SECONDS : interval,
                ticks);
    }

    private static Simulator.Tick tick(String path, SimulationRequest.Tick tick, List<Violation> violations) {
        if (tick == null) {
            violations.add(Violation.of(path, ViolationCodes.REQUIRED, "a tick must be an object"));
            return null;
        }
        Map<MetricType, Double> metrics = new EnumMap<>(MetricType.class);
        if (tick.metrics() != null) {
            tick.metrics().forEach((name, value) -> {
                String at = path + ".metrics." + name;
                if (!MetricType.isValid(name)) {
                    violations.add(
                            Violation.of(at, ViolationCodes.INVALID_VALUE, "metrics must be cpu, memory, gpu or qps"));
                } else if (value == null || !(value >= 0) || value.isInfinite()) {
                    violations.add(
                            Violation.of(at, ViolationCodes.OUT_OF_RANGE, "a metric value must be a number >= 0"));
                } else {
                    metrics.put(MetricType.parse(name), value);
                }
            });
        }
        if (tick.readyReplicas() != null && tick.readyReplicas() < 0) {
            violations.add(
                    Violation.of(path + ".ready_replicas", ViolationCodes.OUT_OF_RANGE, "ready_replicas must be >= 0"));
        }
        nonNegative(path + ".in_flight", tick.inFlight(), violations);
        nonNegative(path + ".queue_depth", tick.queueDepth(), violations);
        return new Simulator.Tick(
                metrics,
                tick.readyReplicas(),
                tick.inFlight(),
                tick.queueDepth(),
                Boolean.TRUE.equals(tick.activation()));
    }

    private static void nonNegative(String path, Double value, List<Violation> violations) {
        if (value != null && (!(value >= 0) || value.isInfinite())) {
            violations.add(Violation.of(path, ViolationCodes.OUT_OF_RANGE, "must be a number >= 0"));
        }
    }
}
