package dev.tiffin.rollout.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.secrets.SecretSealer;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.ResourceQuantities;
import dev.tiffin.contracts.spec.Resources;
import dev.tiffin.contracts.spec.SpecDefaults;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the desired Kubernetes objects of a revision from its {@link RevisionCreated} event: pure code (fabric8 model
 * classes only, no client), so that golden-file tests pin every field. Per component (the API server, then each
 * runner by name): a Service {@code <deployment>-<component>} selecting every revision's pods, and a Deployment
 * {@code <deployment>-<component>-r<revision>} with the Bento image, the envs, {@code bentoml_config}, the resources
 * of the instance type or the custom requests/limits, and BentoML's health probes. Secret env values are opened with
 * the {@link SecretSealer} into one Secret {@code <deployment>-r<revision>-env}; the Deployments only reference it.
 *
 * <p>The rollout sets the replicas ({@link #withReplicas}); the Deployments are built with 0.
 */
public final class WorkloadBuilder {

    /** BentoML's HTTP port, named {@code http} in the pod and the Service. */
    public static final int HTTP_PORT = 3000;

    public static final String CONTAINER = "bento";
    public static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** BentoML's configuration override variable: a JSON object merged over the Bento's configuration. */
    public static final String CONFIG_OVERRIDES_ENV = "BENTOML_CONFIG_OVERRIDES";

    /** yatai-deployment's defaults for a component without resources (reference formats §2.8). */
    static final Map<String, String> DEFAULT_REQUESTS = Map.of("cpu", "300m", "memory", "500Mi");

    static final Map<String, String> DEFAULT_LIMITS = Map.of("cpu", "500m", "memory", "1Gi");

    private static final ObjectMapper SORTED_JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final SecretSealer sealer;

    public WorkloadBuilder(SecretSealer sealer) {
        this.sealer = sealer;
    }

    /** A component of a revision: its name as in the spec, its DNS-1123 name and its effective settings. */
    public record ComponentRef(String name, String kubeName, boolean apiServer, Component component) {}

    public DesiredWorkloads build(RevisionCreated revision) {
        DeploymentSpec spec = revision.spec();
        List<ComponentRef> components = components(revision);
        SecretPlan secrets = planSecrets(revision, components);
        List<Service> services = new ArrayList<>();
        List<Deployment> deployments = new ArrayList<>();
        for (ComponentRef c : components) {
            services.add(service(revision, c));
            deployments.add(deployment(revision, c, secrets));
        }
        Optional<Secret> secret = secrets.data.isEmpty()
                ? Optional.empty()
                : Optional.of(new SecretBuilder()
                        .withMetadata(meta(revision, KubeNames.envSecret(spec.name(), revision.revision()), null, true))
                        .withType("Opaque")
                        .withImmutable(true)
                        .withData(secrets.data)
                        .build());
        return new DesiredWorkloads(secret, services, deployments);
    }

    /** {@code deployment} with {@code spec.replicas} set: the only field the rollout changes. */
    public static Deployment withReplicas(Deployment deployment, int replicas) {
        return new DeploymentBuilder(deployment)
                .editSpec()
                .withReplicas(replicas)
                .endSpec()
                .build();
    }

    /** The API server first, then the runners by name: the spec's, plus the Bento's runners the spec leaves out. */
    public static List<ComponentRef> components(RevisionCreated revision) {
        DeploymentSpec spec = revision.spec();
        String strategy = spec.deploymentStrategy();
        List<EnvVar> envs = spec.envs();
        List<ComponentRef> refs = new ArrayList<>();
        refs.add(new ComponentRef(
                KubeNames.API_SERVER,
                KubeNames.API_SERVER,
                true,
                SpecDefaults.component(spec.apiServer(), strategy, envs)));
        Map<String, Component> runners = new TreeMap<>();
        if (revision.bento() != null && revision.bento().runners() != null) {
            revision.bento().runners().forEach(r -> runners.put(r, null));
        }
        if (spec.runners() != null) {
            runners.putAll(spec.runners());
        }
        Set<String> kubeNames = new HashSet<>(Set.of(KubeNames.API_SERVER));
        runners.forEach((name, runner) -> {
            String kubeName = KubeNames.sanitize(name);
            if (!kubeNames.add(kubeName)) {
                throw new IllegalArgumentException(
                        "runner " + name + " has the same Kubernetes name as another component: " + kubeName);
            }
            refs.add(new ComponentRef(name, kubeName, false, SpecDefaults.component(runner, strategy, envs)));
        });
        return refs;
    }

    private Service service(RevisionCreated revision, ComponentRef c) {
        String deployment = revision.spec().name();
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(WorkloadLabels.DEPLOYMENT, deployment);
        selector.put(WorkloadLabels.COMPONENT, c.kubeName());
        return new ServiceBuilder()
                .withMetadata(meta(revision, KubeNames.service(deployment, c.kubeName()), c, false))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(selector)
                .addNewPort()
                .withName("http")
                .withProtocol("TCP")
                .withPort(HTTP_PORT)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build();
    }

    private Deployment deployment(RevisionCreated revision, ComponentRef c, SecretPlan secrets) {
        DeploymentSpec spec = revision.spec();
        String name = KubeNames.workload(spec.name(), c.kubeName(), revision.revision());
        Map<String, String> selector = selector(revision, c);
        Resources resources = c.component().resources();
        InstanceType instanceType = instanceType(revision, resources);

        Map<String, String> podLabels = new LinkedHashMap<>(userLabels(spec));
        podLabels.putAll(selector);
        podLabels.put(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER);
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put(WorkloadLabels.COMPONENT_NAME, c.name());
        if (revision.bento() != null) {
            podAnnotations.put(WorkloadLabels.BENTO, revision.bento().tag());
        }
        List<Toleration> tolerations = new ArrayList<>();
        Map<String, String> nodeSelector = new TreeMap<>();
        if (instanceType != null) {
            podAnnotations.put(WorkloadLabels.INSTANCE_TYPE, instanceType.name());
            if (instanceType.nodeSelector() != null) {
                nodeSelector.putAll(instanceType.nodeSelector());
            }
            if (instanceType.gpuType() != null && gpus(instanceType) > 0) {
                podAnnotations.put(WorkloadLabels.GPU_TYPE, instanceType.gpuType());
            }
        }
        ResourceRequirements requirements = resources(resources, instanceType);
        if (requirements.getLimits() != null && requirements.getLimits().containsKey(GPU_RESOURCE)) {
            tolerations.add(new TolerationBuilder()
                    .withKey(GPU_RESOURCE)
                    .withOperator("Exists")
                    .withEffect("NoSchedule")
                    .build());
        }

        ObjectMeta metadata = meta(revision, name, c, true);
        metadata.getAnnotations().putAll(limitAnnotations(c));
        return new DeploymentBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withReplicas(0)
                .withRevisionHistoryLimit(0)
                .withNewSelector()
                .withMatchLabels(selector)
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(new IntOrString("25%"))
                .withMaxUnavailable(new IntOrString(0))
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels)
                .withAnnotations(podAnnotations.isEmpty() ? null : podAnnotations)
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
                .withTolerations(tolerations.isEmpty() ? null : tolerations)
                .addToContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(
                                revision.bento() == null
                                        ? null
                                        : revision.bento().image())
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(HTTP_PORT)
                        .withProtocol("TCP")
                        .endPort()
                        .withEnv(env(revision, c, secrets))
                        .withResources(requirements)
                        .withStartupProbe(probe("/livez", 5, 5, 120))
                        .withReadinessProbe(probe("/readyz", 5, 5, 6))
                        .withLivenessProbe(probe("/livez", 10, 5, 6))
                        .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Tiffin's identity variables and BentoML's port and configuration overrides come first and cannot be overridden;
     * then the component's envs (the deployment's, overridden by the component's), secret ones read from the Secret.
     */
    private List<io.fabric8.kubernetes.api.model.EnvVar> env(
            RevisionCreated revision, ComponentRef c, SecretPlan secrets) {
        DeploymentSpec spec = revision.spec();
        Map<String, String> system = new LinkedHashMap<>();
        system.put("TIFFIN_DEPLOYMENT", spec.name());
        system.put("TIFFIN_COMPONENT", c.name());
        system.put("TIFFIN_REVISION", Integer.toString(revision.revision()));
        system.put("BENTOML_PORT", Integer.toString(HTTP_PORT));
        system.put("PORT", Integer.toString(HTTP_PORT));
        if (spec.bentomlConfig() != null && !spec.bentomlConfig().isEmpty()) {
            system.put(CONFIG_OVERRIDES_ENV, json(spec.bentomlConfig()));
        }
        List<io.fabric8.kubernetes.api.model.EnvVar> env = new ArrayList<>();
        system.forEach(
                (k, v) -> env.add(new EnvVarBuilder().withName(k).withValue(v).build()));
        for (EnvVar e : componentEnvs(spec, c)) {
            if (system.containsKey(e.name())) {
                continue;
            }
            if (e.isSecret()) {
                env.add(new EnvVarBuilder()
                        .withName(e.name())
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(KubeNames.envSecret(spec.name(), revision.revision()))
                        .withKey(secrets.key(c, e.name()))
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());
            } else {
                env.add(new EnvVarBuilder()
                        .withName(e.name())
                        .withValue(e.value() == null ? "" : e.value())
                        .build());
            }
        }
        return env;
    }

    private static List<EnvVar> componentEnvs(DeploymentSpec spec, ComponentRef c) {
        return SpecDefaults.mergeEnvs(spec.envs(), c.component().envs());
    }

    /**
     * The Secret's entries: keyed by the env's name; when components give one secret name different values (a
     * component override), by {@code <component>.<name>} for each of them.
     */
    private SecretPlan planSecrets(RevisionCreated revision, List<ComponentRef> components) {
        Map<String, Map<String, String>> valuesByName = new TreeMap<>();
        for (ComponentRef c : components) {
            for (EnvVar e : componentEnvs(revision.spec(), c)) {
                if (e.isSecret()) {
                    valuesByName
                            .computeIfAbsent(e.name(), n -> new LinkedHashMap<>())
                            .put(c.kubeName(), open(e));
                }
            }
        }
        Map<String, String> data = new TreeMap<>();
        Set<String> qualified = new HashSet<>();
        valuesByName.forEach((name, byComponent) -> {
            if (new HashSet<>(byComponent.values()).size() == 1) {
                data.put(name, base64(byComponent.values().iterator().next()));
            } else {
                qualified.add(name);
                byComponent.forEach((component, value) -> data.put(component + "." + name, base64(value)));
            }
        });
        return new SecretPlan(data, qualified);
    }

    private String open(EnvVar e) {
        if (e.sealed() != null) {
            if (sealer == null) {
                throw new IllegalArgumentException("the secret env " + e.name()
                        + " is sealed but this rollout-service has no sealing key (tiffin.secrets.key)");
            }
            try {
                return sealer.unseal(e.name(), e.sealed());
            } catch (RuntimeException failure) {
                throw new IllegalArgumentException(
                        "the secret env " + e.name() + " cannot be opened with this service's sealing key", failure);
            }
        }
        if (e.value() != null) {
            return e.value();
        }
        throw new IllegalArgumentException("the secret env " + e.name() + " carries no sealed value");
    }

    private record SecretPlan(Map<String, String> data, Set<String> qualified) {

        String key(ComponentRef c, String envName) {
            return qualified.contains(envName) ? c.kubeName() + "." + envName : envName;
        }
    }

    private static InstanceType instanceType(RevisionCreated revision, Resources resources) {
        if (resources == null || resources.instanceType() == null) {
            return null;
        }
        InstanceType type = revision.instanceTypes() == null
                ? null
                : revision.instanceTypes().get(resources.instanceType());
        if (type == null) {
            throw new IllegalArgumentException(
                    "the revision names instance type " + resources.instanceType() + " but does not carry it");
        }
        return type;
    }

    /**
     * An instance type: requests = limits = its cpu and memory, its GPUs as an {@code nvidia.com/gpu} limit. Custom:
     * the requests and limits as given, {@code gpu} as an {@code nvidia.com/gpu} limit (Kubernetes defaults the request
     * of an extended resource to its limit), custom entries as extra resources (a requested one also becomes a limit,
     * which extended resources require). Neither: yatai's defaults (the autoscaler needs a cpu request).
     */
    static ResourceRequirements resources(Resources resources, InstanceType instanceType) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        if (instanceType != null) {
            putIfPresent(requests, "cpu", instanceType.cpu());
            putIfPresent(requests, "memory", instanceType.memory());
            limits.putAll(requests);
            if (gpus(instanceType) > 0) {
                limits.put(GPU_RESOURCE, new Quantity(Integer.toString(instanceType.gpu())));
            }
        } else if (resources == null || (resources.requests() == null && resources.limits() == null)) {
            DEFAULT_REQUESTS.forEach((k, v) -> requests.put(k, new Quantity(v)));
            DEFAULT_LIMITS.forEach((k, v) -> limits.put(k, new Quantity(v)));
        } else {
            ResourceQuantities req = resources.requests();
            ResourceQuantities lim = resources.limits();
            if (req != null) {
                putIfPresent(requests, "cpu", req.cpu());
                putIfPresent(requests, "memory", req.memory());
            }
            if (lim != null) {
                putIfPresent(limits, "cpu", lim.cpu());
                putIfPresent(limits, "memory", lim.memory());
            }
            Integer gpu = lim != null && lim.gpu() != null ? lim.gpu() : req == null ? null : req.gpu();
            if (gpu != null && gpu > 0) {
                limits.put(GPU_RESOURCE, new Quantity(Integer.toString(gpu)));
            }
            if (req != null && req.custom() != null) {
                req.custom().forEach((k, v) -> {
                    requests.put(k, new Quantity(v));
                    limits.putIfAbsent(k, new Quantity(v));
                });
            }
            if (lim != null && lim.custom() != null) {
                lim.custom().forEach((k, v) -> limits.put(k, new Quantity(v)));
            }
        }
        return new ResourceRequirementsBuilder()
                .withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits)
                .build();
    }

    private static int gpus(InstanceType type) {
        return type.gpu() == null ? 0 : type.gpu();
    }

    private static void putIfPresent(Map<String, Quantity> into, String name, String quantity) {
        if (quantity != null) {
            into.put(name, new Quantity(quantity));
        }
    }

    /**
     * BentoML's probes (yatai-deployment: readiness {@code /readyz}, liveness {@code /livez}). A startup probe on
     * {@code /livez} gives a loading model up to 10 minutes (the default progress deadline) before liveness counts.
     */
    private static Probe probe(String path, int period, int timeout, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath(path)
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withPeriodSeconds(period)
                .withTimeoutSeconds(timeout)
                .withFailureThreshold(failureThreshold)
                .withSuccessThreshold(1)
                .build();
    }

    private static Map<String, String> selector(RevisionCreated revision, ComponentRef c) {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(WorkloadLabels.DEPLOYMENT, revision.spec().name());
        selector.put(WorkloadLabels.COMPONENT, c.kubeName());
        selector.put(WorkloadLabels.REVISION, Integer.toString(revision.revision()));
        return selector;
    }

    private static ObjectMeta meta(RevisionCreated revision, String name, ComponentRef component, boolean perRevision) {
        DeploymentSpec spec = revision.spec();
        Map<String, String> labels = new LinkedHashMap<>(userLabels(spec));
        labels.put(WorkloadLabels.DEPLOYMENT, spec.name());
        if (component != null) {
            labels.put(WorkloadLabels.COMPONENT, component.kubeName());
        }
        if (perRevision) {
            labels.put(WorkloadLabels.REVISION, Integer.toString(revision.revision()));
        }
        labels.put(WorkloadLabels.MANAGED_BY, WorkloadLabels.MANAGER);
        Map<String, String> annotations = new HashMap<>();
        if (component != null) {
            annotations.put(WorkloadLabels.COMPONENT_NAME, component.name());
        }
        if (perRevision && revision.bento() != null) {
            annotations.put(WorkloadLabels.BENTO, revision.bento().tag());
        }
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(revision.deployment().namespace())
                .withLabels(labels)
                .withAnnotations(annotations.isEmpty() ? null : annotations)
                .build();
    }

    /** The component's replica bounds and strategy in this revision, which the rollout reads back from the cluster. */
    static Map<String, String> limitAnnotations(ComponentRef c) {
        Map<String, String> out = new TreeMap<>();
        var autoscaling = c.component().autoscaling();
        int min = autoscaling == null || autoscaling.minReplicas() == null ? 1 : autoscaling.minReplicas();
        int max =
                autoscaling == null || autoscaling.maxReplicas() == null ? Math.max(1, min) : autoscaling.maxReplicas();
        out.put(WorkloadLabels.MIN_REPLICAS, Integer.toString(min));
        out.put(WorkloadLabels.MAX_REPLICAS, Integer.toString(max));
        String strategy = c.component().deploymentStrategy();
        out.put(WorkloadLabels.STRATEGY, strategy == null ? "RollingUpdate" : strategy);
        return out;
    }

    private static Map<String, String> userLabels(DeploymentSpec spec) {
        return spec.labels() == null ? Map.of() : new TreeMap<>(spec.labels());
    }

    private static String json(Object value) {
        try {
            return SORTED_JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
