package dev.tiffin.contracts.validation;

import static dev.tiffin.contracts.validation.ViolationCodes.CONFLICT;
import static dev.tiffin.contracts.validation.ViolationCodes.DUPLICATE;
import static dev.tiffin.contracts.validation.ViolationCodes.INVALID_FORMAT;
import static dev.tiffin.contracts.validation.ViolationCodes.INVALID_VALUE;
import static dev.tiffin.contracts.validation.ViolationCodes.OUT_OF_RANGE;
import static dev.tiffin.contracts.validation.ViolationCodes.REQUIRED;
import static dev.tiffin.contracts.validation.ViolationCodes.TOO_LONG;

import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Behavior;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.Quantity;
import dev.tiffin.contracts.spec.ResourceQuantities;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.spec.ScalingPolicy;
import dev.tiffin.contracts.spec.ScalingRules;
import dev.tiffin.contracts.spec.TrafficControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a canonical {@link DeploymentSpec} (as submitted, before {@link dev.tiffin.contracts.spec.SpecDefaults}) and
 * reports <em>every</em> violation with its path and a stable code ({@link ViolationCodes}). It checks the document
 * alone: whether the cluster, the Bento or an instance type exists is the catalog owner's question.
 */
public final class SpecValidator {

    public static final int MAX_DESCRIPTION = 1000;
    public static final int MAX_REPLICAS = 1000;
    public static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
    public static final int MAX_POLICY_PERIOD_SECONDS = 1800;
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    private static final Set<String> POLICY_TYPES = Set.of("pods", "percent");
    private static final Set<String> SELECT_POLICIES = Set.of("max", "min", "disabled");

    private final List<Violation> found = new ArrayList<>();

    private SpecValidator() {}

    /** Every violation of {@code spec}, in document order; empty when it is valid. */
    public static List<Violation> validate(DeploymentSpec spec) {
        SpecValidator v = new SpecValidator();
        if (spec == null) {
            v.add("", REQUIRED, "a deployment document is required");
        } else {
            v.deployment(spec);
        }
        return List.copyOf(v.found);
    }

    /** Throws {@link InvalidDocumentException} with every violation when {@code spec} is not valid. */
    public static DeploymentSpec requireValid(DeploymentSpec spec) {
        List<Violation> violations = validate(spec);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
        return spec;
    }

    private void deployment(DeploymentSpec spec) {
        if (blank(spec.name())) {
            add("name", REQUIRED, "name is required");
        } else if (!Names.isDnsLabel(spec.name())) {
            add(
                    "name",
                    INVALID_FORMAT,
                    "name must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and"
                            + " ending with a letter or digit");
        }
        if (spec.description() != null && spec.description().length() > MAX_DESCRIPTION) {
            add("description", TOO_LONG, "description must be at most " + MAX_DESCRIPTION + " characters");
        }
        if (spec.cluster() != null && !Names.isDnsSubdomain(spec.cluster())) {
            add(
                    "cluster",
                    INVALID_FORMAT,
                    "cluster must be at most 253 lowercase letters, digits, '-' and '.', starting and ending with a"
                            + " letter or digit");
        }
        if (spec.kubeNamespace() != null && !Names.isDnsLabel(spec.kubeNamespace())) {
            add("kube_namespace", INVALID_FORMAT, "kube_namespace must be a DNS-1123 label (at most 63 characters)");
        }
        if (spec.accessType() != null && !AccessType.isValid(spec.accessType())) {
            add("access_type", INVALID_VALUE, "access_type must be protected or public");
        }
        if (blank(spec.bento())) {
            add("bento", REQUIRED, "bento is required (repository:version)");
        } else if (BentoRef.tryParse(spec.bento()).isEmpty()) {
            add("bento", INVALID_FORMAT, "bento must be repository:version, e.g. iris-classifier:latest");
        }
        strategy("deployment_strategy", spec.deploymentStrategy());
        envs("envs", spec.envs());
        labels(spec.labels());
        if (spec.apiServer() == null) {
            add("api_server", REQUIRED, "api_server is required");
        } else {
            component("api_server", spec.apiServer());
        }
        if (spec.runners() != null) {
            spec.runners().forEach((name, runner) -> runner(name, runner));
        }
    }

    private void runner(String name, Component runner) {
        String path = "runners." + name;
        if (!Names.isRunnerName(name)) {
            add(
                    path,
                    INVALID_FORMAT,
                    "runner name must be at most 63 lowercase letters, digits, '_' and '-', starting and ending with"
                            + " a letter or digit");
        }
        if (runner == null) {
            add(path, REQUIRED, "runner " + name + " needs a configuration (an empty object takes the defaults)");
        } else {
            component(path, runner);
        }
    }

    private void component(String path, Component c) {
        if (c.autoscaling() != null) {
            autoscaling(path + ".autoscaling", c.autoscaling());
        }
        if (c.resources() != null) {
            resources(path + ".resources", c.resources());
        }
        if (c.traffic() != null) {
            traffic(path + ".traffic", c.traffic());
        }
        envs(path + ".envs", c.envs());
        strategy(path + ".deployment_strategy", c.deploymentStrategy());
    }

    private void strategy(String path, String strategy) {
        if (strategy != null && !DeploymentStrategy.isValid(strategy)) {
            add(
                    path,
                    INVALID_VALUE,
                    "deployment_strategy must be one of RollingUpdate, Recreate, RampedSlowRollout,"
                            + " BestEffortControlledRollout");
        }
    }

    private void autoscaling(String path, Autoscaling a) {
        Integer min = a.minReplicas();
        Integer max = a.maxReplicas();
        if (min != null && (min < 0 || min > MAX_REPLICAS)) {
            add(path + ".min_replicas", OUT_OF_RANGE, "min_replicas must be between 0 and " + MAX_REPLICAS);
        }
        if (max != null && (max < 1 || max > MAX_REPLICAS)) {
            add(path + ".max_replicas", OUT_OF_RANGE, "max_replicas must be between 1 and " + MAX_REPLICAS);
        }
        if (min != null && max != null && min > max) {
            add(path + ".min_replicas", CONFLICT, "min_replicas must be less than or equal to max_replicas");
        }
        if (a.metrics() != null) {
            metrics(path + ".metrics", a.metrics());
        }
        rules(path + ".scale_up", a.scaleUp());
        rules(path + ".scale_down", a.scaleDown());
    }

    private void metrics(String path, List<MetricTarget> metrics) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < metrics.size(); i++) {
            String at = path + "[" + i + "]";
            MetricTarget m = metrics.get(i);
            if (m == null) {
                add(at, REQUIRED, "a metric needs a type and a value");
                continue;
            }
            boolean knownType = m.type() != null && MetricType.isValid(m.type());
            if (m.type() == null) {
                add(at + ".type", REQUIRED, "type is required (cpu, memory, gpu or qps)");
            } else if (!knownType) {
                add(at + ".type", INVALID_VALUE, "type must be one of cpu, memory, gpu, qps");
            } else if (!seen.add(m.type())) {
                add(at + ".type", DUPLICATE, "metric " + m.type() + " is given more than once");
            }
            if (m.value() == null) {
                add(at + ".value", REQUIRED, "value is required");
            } else if (knownType && MetricType.parse(m.type()).isUtilisation()) {
                if (!(m.value() > 0 && m.value() <= 100)) {
                    add(at + ".value", OUT_OF_RANGE, "a utilisation target must be above 0 and at most 100 (%)");
                }
            } else if (!(m.value() > 0) || m.value().isInfinite()) {
                add(at + ".value", OUT_OF_RANGE, "value must be greater than 0");
            }
        }
    }

    private void rules(String path, ScalingRules r) {
        if (r == null) {
            return;
        }
        if (r.behavior() != null && !Behavior.isValid(r.behavior())) {
            add(path + ".behavior", INVALID_VALUE, "behavior must be fast, stable or disabled");
        }
        Integer window = r.stabilizationWindowSeconds();
        if (window != null && (window < 0 || window > MAX_STABILIZATION_WINDOW_SECONDS)) {
            add(
                    path + ".stabilization_window_seconds",
                    OUT_OF_RANGE,
                    "stabilization_window_seconds must be between 0 and " + MAX_STABILIZATION_WINDOW_SECONDS);
        }
        if (r.policies() != null) {
            for (int i = 0; i < r.policies().size(); i++) {
                policy(path + ".policies[" + i + "]", r.policies().get(i));
            }
        }
        if (r.selectPolicy() != null && !SELECT_POLICIES.contains(r.selectPolicy())) {
            add(path + ".select_policy", INVALID_VALUE, "select_policy must be max, min or disabled");
        }
    }

    private void policy(String path, ScalingPolicy p) {
        if (p == null) {
            add(path, REQUIRED, "a policy needs a type, a value and a period_seconds");
            return;
        }
        if (p.type() == null) {
            add(path + ".type", REQUIRED, "type is required (pods or percent)");
        } else if (!POLICY_TYPES.contains(p.type())) {
            add(path + ".type", INVALID_VALUE, "type must be pods or percent");
        }
        if (p.value() == null) {
            add(path + ".value", REQUIRED, "value is required");
        } else if (p.value() <= 0) {
            add(path + ".value", OUT_OF_RANGE, "value must be greater than 0");
        }
        if (p.periodSeconds() == null) {
            add(path + ".period_seconds", REQUIRED, "period_seconds is required");
        } else if (p.periodSeconds() < 1 || p.periodSeconds() > MAX_POLICY_PERIOD_SECONDS) {
            add(
                    path + ".period_seconds",
                    OUT_OF_RANGE,
                    "period_seconds must be between 1 and " + MAX_POLICY_PERIOD_SECONDS);
        }
    }

    private void resources(String path, Resources r) {
        if (r.instanceType() != null) {
            if (!Names.isInstanceTypeName(r.instanceType())) {
                add(path + ".instance_type", INVALID_FORMAT, "instance_type must be a name such as cpu.2 or gpu.t4.1");
            }
            if (r.requests() != null || r.limits() != null) {
                add(path, CONFLICT, "give either instance_type (Basic) or requests/limits (Custom), not both");
            }
        }
        Parsed requests = quantities(path + ".requests", r.requests());
        Parsed limits = quantities(path + ".limits", r.limits());
        notAbove(path + ".requests.cpu", "cpu", requests.cpu, limits.cpu);
        notAbove(path + ".requests.memory", "memory", requests.memory, limits.memory);
        notAbove(path + ".requests.gpu", "gpu", requests.gpu, limits.gpu);
        requests.custom.forEach((name, q) -> notAbove(
                path + ".requests.custom." + name, name, Optional.of(q), Optional.ofNullable(limits.custom.get(name))));
    }

    /** The valid quantities of a requests or limits block, for comparison. */
    private record Parsed(
            Optional<Quantity> cpu, Optional<Quantity> memory, Optional<Quantity> gpu, Map<String, Quantity> custom) {}

    private Parsed quantities(String path, ResourceQuantities q) {
        if (q == null) {
            return new Parsed(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
        }
        Optional<Quantity> cpu = positive(path + ".cpu", "cpu", q.cpu(), "\"500m\", \"2\" or \"0.5\"");
        Optional<Quantity> memory = positive(path + ".memory", "memory", q.memory(), "\"512Mi\", \"4Gi\" or \"1G\"");
        Optional<Quantity> gpu = Optional.empty();
        if (q.gpu() != null) {
            if (q.gpu() < 0) {
                add(path + ".gpu", OUT_OF_RANGE, "gpu must be a whole number of 0 or more");
            } else {
                gpu = Optional.of(Quantity.parse(String.valueOf(q.gpu())));
            }
        }
        Map<String, Quantity> custom = new java.util.LinkedHashMap<>();
        if (q.custom() != null) {
            q.custom().forEach((name, value) -> {
                String at = path + ".custom." + name;
                if (!Names.isQualifiedName(name)) {
                    add(at, INVALID_FORMAT, "a custom resource name looks like example.com/foo");
                }
                Optional<Quantity> parsed = Quantity.tryParse(value);
                if (value == null) {
                    add(at, REQUIRED, "a quantity is required");
                } else if (parsed.isEmpty()) {
                    add(at, INVALID_FORMAT, "not a Kubernetes quantity");
                } else if (parsed.get().isNegative()) {
                    add(at, OUT_OF_RANGE, "a quantity must not be negative");
                } else {
                    custom.put(name, parsed.get());
                }
            });
        }
        return new Parsed(cpu, memory, gpu, custom);
    }

    private Optional<Quantity> positive(String path, String what, String text, String examples) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<Quantity> q = Quantity.tryParse(text);
        if (q.isEmpty()) {
            add(path, INVALID_FORMAT, what + " must be a Kubernetes quantity such as " + examples);
            return Optional.empty();
        }
        if (q.get().isNegative() || q.get().isZero()) {
            add(path, OUT_OF_RANGE, what + " must be greater than 0");
            return Optional.empty();
        }
        return q;
    }

    private void notAbove(String path, String what, Optional<Quantity> request, Optional<Quantity> limit) {
        if (request.isPresent() && limit.isPresent() && request.get().compareTo(limit.get()) > 0) {
            add(
                    path,
                    CONFLICT,
                    "the " + what + " request must not exceed its limit ("
                            + limit.get().text() + ")");
        }
    }

    private void traffic(String path, TrafficControl t) {
        if (t.timeout() != null) {
            Optional<Duration> timeout = t.timeout().duration();
            if (timeout.isEmpty()) {
                add(
                        path + ".timeout",
                        INVALID_FORMAT,
                        "timeout must be a number of seconds or a text such as \"90s\", \"5m\", \"1h\"");
            } else if (timeout.get().isNegative()
                    || timeout.get().isZero()
                    || timeout.get().compareTo(MAX_TIMEOUT) > 0) {
                add(path + ".timeout", OUT_OF_RANGE, "timeout must be above 0 and at most 24 hours");
            }
        }
        if (t.maxQueue() != null && t.maxQueue() < 0) {
            add(path + ".max_queue", OUT_OF_RANGE, "max_queue must be 0 or more");
        }
        if (t.maxConcurrency() != null && t.maxConcurrency() <= 0) {
            add(path + ".max_concurrency", OUT_OF_RANGE, "max_concurrency must be greater than 0");
        }
    }

    private void envs(String path, List<EnvVar> envs) {
        if (envs == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < envs.size(); i++) {
            String at = path + "[" + i + "]";
            EnvVar e = envs.get(i);
            if (e == null) {
                add(at, REQUIRED, "an env needs a name");
                continue;
            }
            if (blank(e.name())) {
                add(at + ".name", REQUIRED, "name is required");
            } else if (!Names.isEnvName(e.name())) {
                add(
                        at + ".name",
                        INVALID_FORMAT,
                        "an env name starts with a letter or '_' and has only letters, digits and '_'");
            } else if (!seen.add(e.name())) {
                add(at + ".name", DUPLICATE, "env " + e.name() + " is given more than once");
            }
            if (e.secret() != null && !e.secret()) {
                add(at + ".secret", INVALID_VALUE, "secret is true or absent");
            }
            if (!e.isSecret() && e.value() == null) {
                add(at + ".value", REQUIRED, "a non-secret env needs a value (an empty text is allowed)");
            }
            if (!e.isSecret() && e.sealed() != null) {
                add(at + ".sealed", INVALID_VALUE, "only a secret env has a sealed value");
            }
        }
    }

    private void labels(Map<String, String> labels) {
        if (labels == null) {
            return;
        }
        labels.forEach((key, value) -> {
            String at = "labels." + key;
            if (!Names.isQualifiedName(key)) {
                add(
                        at,
                        INVALID_FORMAT,
                        "a label key is [prefix/]name: name at most 63 alphanumerics, '-', '_' and '.'; prefix a DNS"
                                + " subdomain");
            }
            if (!Names.isLabelValue(value)) {
                add(
                        at,
                        INVALID_FORMAT,
                        "a label value is empty or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both"
                                + " ends");
            }
        });
    }

    private void add(String path, String code, String message) {
        found.add(Violation.of(path, code, message));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
