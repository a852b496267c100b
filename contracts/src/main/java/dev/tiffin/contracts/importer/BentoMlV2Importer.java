package dev.tiffin.contracts.importer;

import static dev.tiffin.contracts.validation.ViolationCodes.CONFLICT;
import static dev.tiffin.contracts.validation.ViolationCodes.INVALID_VALUE;
import static dev.tiffin.contracts.validation.ViolationCodes.REQUIRED;
import static dev.tiffin.contracts.validation.ViolationCodes.UNSUPPORTED;
import static dev.tiffin.contracts.validation.ViolationCodes.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.ResourceQuantities;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BentoML ≥ 1.2 (BentoCloud v2) deployment YAML/JSON → canonical spec (contracts/README.md, "BentoML v2"). The
 * {@link BentoLookup} tells which service is the API server and which are runners.
 */
final class BentoMlV2Importer {

    private static final Set<String> SERVICE = Set.of(
            "instance_type",
            "scaling",
            "envs",
            "deployment_strategy",
            "extras",
            "cold_start_timeout",
            "config_overrides");
    private static final Set<String> TOP_ONLY = Set.of(
            "name",
            "bento",
            "cluster",
            "access_authorization",
            "secrets",
            "labels",
            "dev",
            "canary",
            "services",
            "description");
    private static final Set<String> SCALING = Set.of("min_replicas", "max_replicas", "policy");
    private static final Set<String> POLICY = Set.of(
            "metrics",
            "scale_up_behavior",
            "scale_down_behavior",
            "scale_up_stabilization_window",
            "scale_down_stabilization_window");
    private static final Set<String> TRAFFIC = Set.of("timeout", "max_concurrency", "concurrency", "external_queue");
    private static final Set<String> RESOURCES = Set.of("cpu", "memory", "gpu", "gpu_type", "tpu_type");
    /** BentoML ServiceConfig keys handed to the pods through {@code bentoml_config.services.<name>}. */
    static final Set<String> PASS_THROUGH = Set.of(
            "workers",
            "threads",
            "backlog",
            "max_runner_connections",
            "runner_connection",
            "replicate_process",
            "metrics",
            "logging",
            "ssl",
            "http",
            "grpc",
            "runner_probe",
            "tracing",
            "monitoring",
            "endpoints",
            "extra_ports");

    private final Problems problems = new Problems();
    private final Map<String, Object> bentomlServices = new LinkedHashMap<>();

    static ImportResult convert(JsonNode root, BentoLookup lookup) {
        return new BentoMlV2Importer().deployment(root, lookup);
    }

    private ImportResult deployment(JsonNode node, BentoLookup lookup) {
        Obj root = new Obj(node, "", problems);
        Set<String> known = new HashSet<>(TOP_ONLY);
        known.addAll(SERVICE);
        root.allow(known);
        root.unsupportedUnlessNeutral("dev", "dev (Codespaces) deployments are not supported");
        root.unsupportedUnlessNeutral("canary", "canary versions are not supported");
        root.unsupportedUnlessNeutral(
                "secrets", "named secrets are not supported; give secret values as envs with secret: true");
        String bento = root.text("bento");
        if (bento == null) {
            problems.add("bento", REQUIRED, "bento is required (repository:version)");
        } else if (Shared.isPath(bento)) {
            Shared.refusePath(problems, "bento", bento);
            bento = null;
        }
        String accessType = accessType(root);

        Component apiServer = null;
        Map<String, Component> runners = new LinkedHashMap<>();
        Map<String, Obj> services = root.entries("services");
        Optional<BentoInfo> info = bento == null
                ? Optional.empty()
                : BentoRef.tryParse(bento).flatMap(r -> lookup.find(r.repository(), r.version()));
        boolean topLevelService = SERVICE.stream().anyMatch(f -> !f.equals("envs") && root.has(f));
        if (topLevelService) {
            apiServer = component(root, info.map(BentoInfo::apiServer).orElse("apiserver"));
        }
        boolean ambiguous = services.size() > 1 && info.isEmpty();
        if (ambiguous) {
            problems.add(
                    "services",
                    UNSUPPORTED,
                    "several services need the Bento " + (bento == null ? "" : bento + " ")
                            + "to be registered, to tell its API server from its"
                            + " runners; register it or configure only the API server");
        }
        for (Map.Entry<String, Obj> e : services.entrySet()) {
            Obj service = e.getValue();
            service.allow(SERVICE);
            if (ambiguous) {
                component(service, e.getKey());
                continue;
            }
            String role = role(e.getKey(), info);
            if (role == null) {
                problems.add(
                        service.path(),
                        INVALID_VALUE,
                        "'" + e.getKey() + "' is not a service of " + info.get().tag() + " (API server "
                                + info.get().apiServer() + ", runners "
                                + info.get().runners() + ")");
                continue;
            }
            Component c = component(service, e.getKey());
            if (role.isEmpty()) {
                if (apiServer != null) {
                    problems.add(
                            service.path(),
                            CONFLICT,
                            "the API server is configured twice (at the top level or under another service name)");
                }
                apiServer = c;
            } else {
                runners.put(role, c);
            }
        }
        problems.throwIfAny();
        Map<String, Object> bentomlConfig =
                bentomlServices.isEmpty() ? null : Map.of("services", Map.copyOf(bentomlServices));
        DeploymentSpec spec = new DeploymentSpec(
                root.text("name"),
                root.text("description"),
                root.text("cluster"),
                null,
                accessType,
                bento,
                null,
                Shared.envs(root, "envs", "name"),
                bentomlConfig,
                Shared.labels(root, "labels"),
                apiServer == null ? new Component(null, null, null, null, null) : apiServer,
                runners.isEmpty() ? null : runners);
        problems.throwIfAny();
        return new ImportResult(spec, ImportResult.BENTOML_V2, problems.warnings());
    }

    /** "" for the API server, the runner's name for a runner, null when the Bento has no such service. */
    private static String role(String service, Optional<BentoInfo> info) {
        if (info.isEmpty()) {
            return "";
        }
        BentoInfo bento = info.get();
        if (service.equalsIgnoreCase(bento.apiServer()) || service.equals("apiserver")) {
            return "";
        }
        List<String> runners = bento.runners() == null ? List.of() : bento.runners();
        return runners.stream().filter(service::equalsIgnoreCase).findFirst().orElse(null);
    }

    private String accessType(Obj root) {
        if (!root.has("access_authorization")) {
            problems.warn(
                    "access_authorization",
                    "absent: BentoCloud would make this endpoint public; Tiffin makes it protected (a token is"
                            + " needed). Set access_authorization: false for a public endpoint");
            return null;
        }
        Boolean auth = root.bool("access_authorization");
        if (auth == null) {
            return null;
        }
        return auth ? AccessType.PROTECTED.wire() : AccessType.PUBLIC.wire();
    }

    private Component component(Obj s, String serviceName) {
        s.unsupportedUnlessNeutral("extras", "extras (pod and image-build overrides) are not supported");
        s.unsupportedUnlessNeutral(
                "cold_start_timeout",
                "cold_start_timeout is not supported: a request held for a scale from zero waits at most the traffic"
                        + " timeout, counted from when a replica is ready");
        String instanceType = s.text("instance_type");
        Resources resources = instanceType == null ? null : new Resources(instanceType, null, null);
        TrafficControl traffic = null;
        Obj overrides = s.obj("config_overrides");
        if (overrides != null) {
            Set<String> known = new HashSet<>(PASS_THROUGH);
            known.addAll(Set.of("traffic", "resources"));
            overrides.allow(known);
            traffic = traffic(overrides.obj("traffic"));
            Resources custom = resources(overrides.obj("resources"), instanceType);
            if (custom != null) {
                resources = custom;
            }
            Map<String, Object> passed = new LinkedHashMap<>();
            for (String key : PASS_THROUGH) {
                if (overrides.has(key)) {
                    passed.put(key, overrides.plain(key));
                }
            }
            if (!passed.isEmpty()) {
                bentomlServices.put(serviceName, passed);
                problems.warn(
                        overrides.path(),
                        "BentoML settings " + passed.keySet() + " are handed to the pods as bentoml_config.services."
                                + serviceName);
            }
        }
        return new Component(
                autoscaling(s.obj("scaling")),
                resources,
                traffic,
                Shared.envs(s, "envs", "name"),
                s.text("deployment_strategy"));
    }

    private Autoscaling autoscaling(Obj scaling) {
        if (scaling == null) {
            return null;
        }
        scaling.allow(SCALING);
        List<MetricTarget> metrics = new ArrayList<>();
        String up = null;
        String down = null;
        Integer upWindow = null;
        Integer downWindow = null;
        Obj policy = scaling.obj("policy");
        if (policy != null) {
            policy.allow(POLICY);
            Shared.metrics(policy, metrics);
            up = policy.text("scale_up_behavior");
            down = policy.text("scale_down_behavior");
            upWindow = policy.integer("scale_up_stabilization_window");
            downWindow = policy.integer("scale_down_stabilization_window");
        }
        return new Autoscaling(
                scaling.integer("min_replicas"),
                scaling.integer("max_replicas"),
                metrics.isEmpty() ? null : metrics,
                Shared.rules(up, upWindow),
                Shared.rules(down, downWindow));
    }

    private TrafficControl traffic(Obj t) {
        if (t == null) {
            return null;
        }
        t.allow(TRAFFIC);
        if (t.has("concurrency")) {
            problems.add(
                    t.path("concurrency"),
                    UNSUPPORTED,
                    "concurrency-based autoscaling is not supported; use a qps metric and max_concurrency");
        }
        Integer maxQueue = Boolean.FALSE.equals(t.bool("external_queue")) ? 0 : null;
        JsonNode timeout = t.raw("timeout");
        TimeoutValue value = null;
        if (timeout != null) {
            if (timeout.isNumber()) {
                value = TimeoutValue.of(timeout.numberValue());
            } else {
                problems.add(t.path("timeout"), WRONG_TYPE, "expected a number of seconds");
            }
        }
        return new TrafficControl(value, maxQueue, t.integer("max_concurrency"));
    }

    private Resources resources(Obj r, String instanceType) {
        if (r == null) {
            return null;
        }
        r.allow(RESOURCES);
        r.unsupportedUnlessNeutral("tpu_type", "TPUs are not supported");
        if (instanceType != null) {
            if (r.has("cpu") || r.has("memory") || r.has("gpu") || r.has("gpu_type")) {
                problems.warn(r.path(), "ignored: instance_type " + instanceType + " decides the resources");
            }
            return null;
        }
        if (r.has("gpu_type")) {
            problems.add(
                    r.path("gpu_type"),
                    UNSUPPORTED,
                    "gpu_type needs an instance_type (e.g. gpu.t4.1, gpu.l4.1, gpu.a100.1) to choose the machine");
        }
        String cpu = r.textOrNumber("cpu");
        String memory = null;
        JsonNode mem = r.raw("memory");
        if (mem != null) {
            memory = mem.isNumber() ? mem.asText() + "Gi" : r.text("memory");
        }
        Integer gpu = null;
        Double gpus = r.number("gpu");
        if (gpus != null) {
            if (gpus != Math.rint(gpus)) {
                problems.add(r.path("gpu"), UNSUPPORTED, "fractional GPUs are not supported");
            } else {
                gpu = gpus.intValue();
            }
        }
        if (cpu == null && memory == null && gpu == null) {
            return null;
        }
        return new Resources(
                null,
                new ResourceQuantities(cpu, memory, gpu, null),
                gpu == null ? null : new ResourceQuantities(null, null, gpu, null));
    }
}
