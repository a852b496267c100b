package dev.tiffin.contracts.importer;

import static dev.tiffin.contracts.validation.ViolationCodes.INVALID_VALUE;
import static dev.tiffin.contracts.validation.ViolationCodes.REQUIRED;
import static dev.tiffin.contracts.validation.ViolationCodes.UNSUPPORTED;
import static dev.tiffin.contracts.validation.ViolationCodes.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.ResourceQuantities;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BentoML 1.0/1.1 (and Yatai) deployment JSON → canonical spec (contracts/README.md, "BentoML v1"). Every field is
 * mapped or refused with its path; nothing is dropped silently.
 */
final class BentoMlV1Importer {

    private static final Set<String> TOP = Set.of(
            "name", "cluster_name", "kube_namespace", "mode", "labels", "description", "do_not_deploy", "targets");
    private static final Set<String> TARGET = Set.of("type", "bento_repository", "bento", "canary_rules", "config");
    private static final Set<String> COMPONENT = Set.of(
            "resource_instance",
            "resources",
            "hpa_conf",
            "envs",
            "enable_debug_mode",
            "enable_stealing_traffic_debug_mode",
            "enable_debug_pod_receive_production_traffic",
            "deployment_strategy",
            "bento_deployment_overrides",
            "traffic_control",
            "deployment_cold_start_wait_timeout");
    private static final Set<String> API_SERVER_ONLY = Set.of(
            "kubeResourceUid",
            "kubeResourceVersion",
            "runners",
            "access_control",
            "enable_ingress",
            "bento_request_overrides");
    private static final Set<String> HPA =
            Set.of("cpu", "gpu", "memory", "qps", "min_replicas", "max_replicas", "policy");
    private static final Set<String> POLICY = Set.of("metrics", "scale_up_behavior", "scale_down_behavior");
    private static final Set<String> RESOURCES = Set.of("requests", "limits");
    private static final Set<String> QUANTITIES = Set.of("cpu", "memory", "gpu", "custom");
    private static final Set<String> TRAFFIC = Set.of("timeout", "request_queue");
    private static final Set<String> QUEUE = Set.of("enabled", "max_consume_concurrency");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SIMPLE_TIMEOUT = Pattern.compile("^\\d+(\\.\\d+)?(ms|s|m|h)$");

    private static final String ON_DEMAND =
            "mode function (On-Demand Function): min_replicas 0 (scale to zero, requests held while scaling up)";

    private final Problems problems = new Problems();
    private boolean onDemand;

    static ImportResult convert(JsonNode root) {
        return new BentoMlV1Importer().deployment(root);
    }

    private ImportResult deployment(JsonNode node) {
        Obj root = new Obj(node, "", problems);
        root.allow(TOP);
        String mode = root.text("mode");
        if (mode != null && !mode.equals("deployment") && !mode.equals("function")) {
            problems.add("mode", INVALID_VALUE, "mode must be deployment or function");
        }
        onDemand = "function".equals(mode);
        if (Boolean.TRUE.equals(root.bool("do_not_deploy"))) {
            problems.add(
                    "do_not_deploy",
                    UNSUPPORTED,
                    "do_not_deploy is not supported: every accepted Tiffin revision is rolled out");
        }
        List<Obj> targets = root.objects("targets");
        String bento = null;
        String strategy = null;
        String accessType = null;
        Component apiServer = null;
        Map<String, Component> runners = null;
        if (targets.isEmpty()) {
            problems.add("targets", REQUIRED, "targets needs exactly one target");
        } else if (targets.size() > 1) {
            problems.add("targets", UNSUPPORTED, "more than one target (canary) is not supported; give one target");
        }
        if (!targets.isEmpty()) {
            Obj target = targets.get(0);
            target.allow(TARGET);
            String type = target.text("type");
            if (type != null && !type.equals("stable")) {
                problems.add(target.path("type"), UNSUPPORTED, "only a stable target is supported (no canary)");
            }
            target.unsupportedUnlessNeutral("canary_rules", "canary_rules are not supported");
            bento = bento(target);
            Obj config = target.obj("config");
            if (config == null) {
                config = new Obj(JsonNodeFactory.instance.objectNode(), target.path("config"), problems);
            }
            Set<String> known = new java.util.HashSet<>(COMPONENT);
            known.addAll(API_SERVER_ONLY);
            config.allow(known);
            apiServerOnly(config);
            accessType = accessType(config);
            strategy = config.text("deployment_strategy");
            apiServer = component(config, false);
            Map<String, Obj> runnerConfigs = config.entries("runners");
            if (config.has("runners")) {
                runners = new LinkedHashMap<>();
                for (Map.Entry<String, Obj> e : runnerConfigs.entrySet()) {
                    e.getValue().allow(COMPONENT);
                    runners.put(e.getKey(), component(e.getValue(), true));
                }
            }
        }
        problems.throwIfAny();
        DeploymentSpec spec = new DeploymentSpec(
                root.text("name"),
                root.text("description"),
                root.text("cluster_name"),
                root.text("kube_namespace"),
                accessType,
                bento,
                strategy,
                null,
                null,
                Shared.labels(root, "labels"),
                apiServer,
                runners);
        problems.throwIfAny();
        return new ImportResult(spec, ImportResult.BENTOML_V1, problems.warnings());
    }

    private String bento(Obj target) {
        String repository = target.text("bento_repository");
        String version = target.text("bento");
        if (repository == null) {
            problems.add(target.path("bento_repository"), REQUIRED, "bento_repository is required");
            return null;
        }
        if (Shared.isPath(repository)) {
            Shared.refusePath(problems, target.path("bento_repository"), repository);
            return null;
        }
        if (version == null) {
            problems.add(target.path("bento"), REQUIRED, "bento (the version) is required");
            return null;
        }
        return repository + ":" + version;
    }

    private void apiServerOnly(Obj config) {
        for (String field : List.of("kubeResourceUid", "kubeResourceVersion")) {
            if (config.text(field) != null && !config.text(field).isEmpty()) {
                problems.warn(
                        config.path(field),
                        "ignored: an echo of Yatai's Kubernetes resource; Tiffin uses the revision (if_match) for"
                                + " optimistic concurrency");
            }
        }
        config.unsupportedUnlessNeutral(
                "access_control", "access_control is not supported; use enable_ingress (true = public)");
        config.unsupportedUnlessNeutral(
                "bento_request_overrides", "bento_request_overrides (image builds) are not supported");
    }

    private String accessType(Obj config) {
        Boolean ingress = config.bool("enable_ingress");
        if (ingress == null) {
            return null;
        }
        if (!ingress) {
            problems.warn(
                    config.path("enable_ingress"),
                    "false read as access_type protected (a token is needed); Tiffin has no cluster-only endpoint");
        }
        return ingress ? AccessType.PUBLIC.wire() : AccessType.PROTECTED.wire();
    }

    private Component component(Obj c, boolean runner) {
        for (String field : List.of(
                "enable_debug_mode",
                "enable_stealing_traffic_debug_mode",
                "enable_debug_pod_receive_production_traffic")) {
            c.unsupportedUnlessNeutral(field, field + " is not supported");
        }
        c.unsupportedUnlessNeutral(
                "bento_deployment_overrides",
                "bento_deployment_overrides (extra pod metadata and spec) are not supported");
        c.unsupportedUnlessNeutral(
                "deployment_cold_start_wait_timeout",
                "deployment_cold_start_wait_timeout is not supported: a request held for a scale from zero waits at"
                        + " most the traffic timeout, counted from when a replica is ready");
        Resources resources = null;
        String instance = c.text("resource_instance");
        Obj res = c.obj("resources");
        ResourceQuantities requests = null;
        ResourceQuantities limits = null;
        if (res != null) {
            res.allow(RESOURCES);
            requests = quantities(res.obj("requests"));
            limits = quantities(res.obj("limits"));
        }
        if (instance != null || requests != null || limits != null) {
            resources = new Resources(instance, requests, limits);
        }
        return new Component(
                autoscaling(c.obj("hpa_conf"), c.path("hpa_conf")),
                resources,
                traffic(c.obj("traffic_control")),
                Shared.envs(c, "envs", "key"),
                runner ? c.text("deployment_strategy") : null);
    }

    private Autoscaling autoscaling(Obj hpa, String path) {
        if (hpa == null) {
            if (!onDemand) {
                return null;
            }
            problems.warn(path, ON_DEMAND);
            return new Autoscaling(0, null, null, null, null);
        }
        hpa.allow(HPA);
        List<MetricTarget> metrics = new ArrayList<>();
        Shared.metric(metrics, "cpu", hpa.number("cpu"));
        Shared.metric(metrics, "gpu", hpa.number("gpu"));
        if (hpa.has("memory")) {
            String memory = hpa.textOrNumber("memory");
            try {
                Shared.metric(metrics, "memory", memory == null ? null : Double.valueOf(memory));
            } catch (NumberFormatException e) {
                problems.add(
                        hpa.path("memory"),
                        UNSUPPORTED,
                        "a memory quantity target is not supported; give a memory utilisation percentage");
            }
        }
        Shared.metric(metrics, "qps", hpa.number("qps"));
        String up = null;
        String down = null;
        Obj policy = hpa.obj("policy");
        if (policy != null) {
            policy.allow(POLICY);
            Shared.metrics(policy, metrics);
            up = policy.text("scale_up_behavior");
            down = policy.text("scale_down_behavior");
        }
        Integer min = hpa.integer("min_replicas");
        if (min == null && onDemand) {
            min = 0;
            problems.warn(path, ON_DEMAND);
        }
        return new Autoscaling(
                min,
                hpa.integer("max_replicas"),
                metrics.isEmpty() ? null : metrics,
                Shared.rules(up, null),
                Shared.rules(down, null));
    }

    private ResourceQuantities quantities(Obj q) {
        if (q == null) {
            return null;
        }
        q.allow(QUANTITIES);
        Integer gpu = null;
        String gpuText = q.textOrNumber("gpu");
        if (gpuText != null) {
            try {
                gpu = Integer.valueOf(gpuText.trim());
            } catch (NumberFormatException e) {
                problems.add(q.path("gpu"), WRONG_TYPE, "gpu must be a whole number of GPUs");
            }
        }
        return new ResourceQuantities(q.textOrNumber("cpu"), q.textOrNumber("memory"), gpu, q.quantities("custom"));
    }

    private TrafficControl traffic(Obj t) {
        if (t == null) {
            return null;
        }
        t.allow(TRAFFIC);
        TimeoutValue timeout = timeout(t);
        Integer maxQueue = null;
        Integer maxConcurrency = null;
        Obj queue = t.obj("request_queue");
        if (queue != null) {
            queue.allow(QUEUE);
            if (Boolean.FALSE.equals(queue.bool("enabled"))) {
                maxQueue = 0;
            }
            maxConcurrency = queue.integer("max_consume_concurrency");
        }
        return new TrafficControl(timeout, maxQueue, maxConcurrency);
    }

    /** Go {@code Duration}: a string for {@code time.ParseDuration}, or a number of nanoseconds. */
    private TimeoutValue timeout(Obj t) {
        JsonNode raw = t.raw("timeout");
        String path = t.path("timeout");
        if (raw == null) {
            return null;
        }
        if (raw.isNumber()) {
            BigDecimal seconds = raw.decimalValue().movePointLeft(9).stripTrailingZeros();
            problems.warn(path, raw.asText() + " is a Go duration in nanoseconds: " + seconds.toPlainString() + " s");
            return TimeoutValue.of(Shared.seconds(seconds));
        }
        if (!raw.isTextual()) {
            problems.add(path, WRONG_TYPE, "expected a duration such as \"60s\"");
            return null;
        }
        String text = raw.asText().trim();
        if (SIMPLE_TIMEOUT.matcher(text).matches()) {
            return TimeoutValue.of(text);
        }
        Matcher m = GO_DURATION_PART.matcher(text);
        BigDecimal seconds = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            seconds = seconds.add(new BigDecimal(m.group(1)).multiply(unitSeconds(m.group(2))));
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            return TimeoutValue.of(text);
        }
        return TimeoutValue.of(Shared.seconds(seconds));
    }

    private static BigDecimal unitSeconds(String unit) {
        return switch (unit) {
            case "ns" -> new BigDecimal("0.000000001");
            case "us", "µs" -> new BigDecimal("0.000001");
            case "ms" -> new BigDecimal("0.001");
            case "s" -> BigDecimal.ONE;
            case "m" -> BigDecimal.valueOf(60);
            default -> BigDecimal.valueOf(3600);
        };
    }
}
