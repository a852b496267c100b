package dev.tiffin.localcluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.EndpointSubsetBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A kubelet and Deployment/Endpoints controller stand-in for the CRUD mock API server (in the spirit of KWOK).
 *
 * <p>For every apps/v1 Deployment it keeps {@code spec.replicas} Pods (no ReplicaSets in between), moves each Pod
 * Pending → Running → Ready after its Bento's start-up delay, serves it as a {@link StandInBento}, keeps the
 * Deployment's status and the Endpoints and EndpointSlices of every Service with a selector true, writes a
 * {@code metrics.k8s.io} PodMetrics object per started pod (as metrics-server serves them), and on scale-down marks
 * surplus pods terminating, waits a grace period and deletes them. All state changes and API writes run on one thread.
 */
public final class KubeletSimulator implements AutoCloseable {

    public static final String PORT_ANNOTATION = "tiffin.dev/port";
    public static final String TERMINATING_ANNOTATION = "tiffin.dev/terminating";
    public static final String REVISION_LABEL = "tiffin.dev/revision";
    public static final String COMPONENT_LABEL = "tiffin.dev/component";
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String POD_IP = "127.0.0.1";
    /** EndpointSlice labels, as Kubernetes' EndpointSlice controller sets them. */
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    public static final String SLICE_MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    public static final String SLICE_MANAGER = "endpointslice-controller.k8s.io";
    /** The window a PodMetrics usage is averaged over (the simulator samples once a second). */
    public static final Duration METRICS_WINDOW = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(KubeletSimulator.class.getName());
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Phase {
        PENDING,
        RUNNING,
        READY,
        TERMINATING
    }

    /** A simulated pod; {@code phase} and {@code restarts} change on the simulator thread only. */
    public static final class SimPod {
        final String namespace;
        final String name;
        final String ownerKey;
        final String ownerUid;
        final long sequence;
        final Map<String, String> labels;
        final List<String> containers;
        final StandInBento bento;
        final int gpus;
        final String createdAt;
        volatile Phase phase = Phase.PENDING;
        volatile int restarts;
        ScheduledFuture<?> timer;
        /** The usage last written as PodMetrics ({@code null}: none written yet); simulator thread only. */
        long[] writtenUsage;

        SimPod(Pod pod, String ownerKey, String ownerUid, long sequence, StandInBento bento, int gpus) {
            this.namespace = pod.getMetadata().getNamespace();
            this.name = pod.getMetadata().getName();
            this.ownerKey = ownerKey;
            this.ownerUid = ownerUid;
            this.sequence = sequence;
            this.labels = Map.copyOf(pod.getMetadata().getLabels());
            this.containers = pod.getSpec().getContainers().stream()
                    .map(Container::getName)
                    .toList();
            this.bento = bento;
            this.gpus = gpus;
            this.createdAt = now();
        }

        public String namespace() {
            return namespace;
        }

        public String name() {
            return name;
        }

        public String container() {
            return containers.isEmpty() ? "bento" : containers.get(0);
        }

        public boolean started() {
            return phase != Phase.PENDING;
        }

        public boolean ready() {
            return phase == Phase.READY;
        }

        public int gpus() {
            return gpus;
        }

        public StandInBento bento() {
            return bento;
        }

        /** The pod's labels (copied from the template). */
        public Map<String, String> labels() {
            return labels;
        }

        /** CPU use: {@value MetricsEndpoint#IDLE_MILLICORES} m + average concurrency × the Bento's cost per request. */
        public double cpuMillicores() {
            return MetricsEndpoint.IDLE_MILLICORES
                    + bento.averageConcurrency() * bento.behaviour().cpuPerRequestMillicores();
        }

        /** Memory use: the Bento's memory at rest + average concurrency × 16 MiB. */
        public long memoryBytes() {
            return bento.behaviour().memoryBytes()
                    + Math.round(bento.averageConcurrency() * BentoBehaviour.MEMORY_PER_REQUEST_BYTES);
        }
    }

    private final KubernetesClient client;
    private final BehaviourConfig behaviours;
    private final Duration gracePeriod;
    private final ScheduledExecutorService loop;
    private final Map<String, SimPod> pods = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private SharedIndexInformer<Service> services;

    public KubeletSimulator(KubernetesClient client, BehaviourConfig behaviours, Duration gracePeriod) {
        this.client = client;
        this.behaviours = behaviours;
        this.gracePeriod = gracePeriod;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubelet-simulator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the watches (informers over all namespaces) and the once-a-second load sampling. */
    public KubeletSimulator start() {
        informers.add(client.apps()
                .deployments()
                .inAnyNamespace()
                .inform(handler(d -> submit(() -> reconcileDeployment(
                        d.getMetadata().getNamespace(), d.getMetadata().getName())))));
        services = client.services().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service s) {
                submit(() -> reconcileEndpoints(s.getMetadata().getNamespace()));
            }

            @Override
            public void onUpdate(Service old, Service s) {
                submit(() -> reconcileEndpoints(s.getMetadata().getNamespace()));
            }

            @Override
            public void onDelete(Service s, boolean unknown) {
                submit(() -> deleteEndpoints(s));
            }
        });
        informers.add(services);
        informers.add(client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {}

            @Override
            public void onUpdate(Pod old, Pod p) {}

            @Override
            public void onDelete(Pod p, boolean unknown) {
                submit(() -> podGone(
                        key(p.getMetadata().getNamespace(), p.getMetadata().getName())));
            }
        }));
        loop.scheduleAtFixedRate(
                () -> safely(() -> {
                    pods.values().forEach(p -> p.bento.sampleConcurrency());
                    writePodMetrics();
                }),
                1,
                1,
                TimeUnit.SECONDS);
        return this;
    }

    /** The simulated pods (any phase), for the metrics endpoint and tests. */
    public List<SimPod> pods() {
        return pods.values().stream()
                .sorted(Comparator.comparing((SimPod p) -> p.namespace).thenComparing(p -> p.name))
                .toList();
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }

    private void submit(Runnable task) {
        loop.execute(() -> safely(task));
    }

    private ScheduledFuture<?> later(long delayMs, Runnable task) {
        return loop.schedule(() -> safely(task), delayMs, TimeUnit.MILLISECONDS);
    }

    private static void safely(Runnable task) {
        try {
            task.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                LOG.log(System.Logger.Level.WARNING, "simulator step failed", e);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "simulator step failed", e);
        }
    }

    // ---- Deployments -------------------------------------------------------------------------------------------

    private void reconcileDeployment(String namespace, String name) {
        String ownerKey = key(namespace, name);
        Deployment d = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName(name)
                .get();
        List<SimPod> owned = live(ownerKey);
        if (d == null) {
            owned.forEach(this::terminate);
            return;
        }
        String uid = d.getMetadata().getUid();
        for (SimPod p : owned) {
            if (!Objects.equals(p.ownerUid, uid)) {
                terminate(p); // left over from an earlier Deployment of the same name
            }
        }
        owned = live(ownerKey);
        int desired = desiredReplicas(d);
        for (int i = owned.size(); i < desired; i++) {
            createPod(d, ownerKey);
        }
        if (owned.size() > desired) {
            // like the ReplicaSet controller: unready pods go first, then the newest
            owned.stream()
                    .sorted(Comparator.comparing(SimPod::ready)
                            .thenComparing(Comparator.comparingLong((SimPod p) -> p.sequence)
                                    .reversed()))
                    .limit(owned.size() - desired)
                    .forEach(this::terminate);
        }
        writeDeploymentStatus(d);
    }

    private void refreshDeployment(String ownerKey) {
        String[] parts = ownerKey.split("/", 2);
        Deployment d = client.apps()
                .deployments()
                .inNamespace(parts[0])
                .withName(parts[1])
                .get();
        if (d != null) {
            writeDeploymentStatus(d);
        }
    }

    private List<SimPod> live(String ownerKey) {
        return pods.values().stream()
                .filter(p -> p.ownerKey.equals(ownerKey) && p.phase != Phase.TERMINATING)
                .toList();
    }

    private static int desiredReplicas(Deployment d) {
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return replicas == null ? 1 : Math.max(0, replicas);
    }

    private void writeDeploymentStatus(Deployment d) {
        String ownerKey = key(d.getMetadata().getNamespace(), d.getMetadata().getName());
        List<SimPod> owned = live(ownerKey);
        int desired = desiredReplicas(d);
        int replicas = owned.size();
        int ready = (int) owned.stream().filter(SimPod::ready).count();
        boolean available = ready >= desired - maxUnavailable(d, desired);
        boolean complete = ready == desired && replicas == desired;
        DeploymentStatus old = d.getStatus();
        List<DeploymentCondition> conditions = List.of(
                condition(
                        old,
                        "Available",
                        available,
                        available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                        available
                                ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability."),
                condition(
                        old,
                        "Progressing",
                        true,
                        complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                        complete
                                ? "Deployment \"" + d.getMetadata().getName() + "\" has successfully progressed."
                                : "Deployment \"" + d.getMetadata().getName() + "\" is progressing."));
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas)
                .withUpdatedReplicas(replicas)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withUnavailableReplicas(Math.max(0, desired - ready))
                .withConditions(conditions)
                .build();
        if (status.equals(old)) {
            return;
        }
        client.apps()
                .deployments()
                .inNamespace(d.getMetadata().getNamespace())
                .withName(d.getMetadata().getName())
                .editStatus(current ->
                        new DeploymentBuilder(current).withStatus(status).build());
    }

    /** Kubernetes' rule: 0 unless RollingUpdate; 25% (rounded down) by default; both surge and unavailable 0 → 1. */
    static int maxUnavailable(Deployment d, int replicas) {
        var strategy = d.getSpec().getStrategy();
        if (replicas == 0 || (strategy != null && "Recreate".equals(strategy.getType()))) {
            return 0;
        }
        RollingUpdateDeployment rolling = strategy == null ? null : strategy.getRollingUpdate();
        int surge = resolve(rolling == null ? null : rolling.getMaxSurge(), replicas, true);
        int unavailable = resolve(rolling == null ? null : rolling.getMaxUnavailable(), replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return Math.min(unavailable, replicas);
    }

    private static int resolve(IntOrString value, int replicas, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal().trim();
        if (!s.endsWith("%")) {
            return Integer.parseInt(s);
        }
        double scaled = Integer.parseInt(s.substring(0, s.length() - 1)) * replicas / 100.0;
        return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
    }

    private static DeploymentCondition condition(
            DeploymentStatus old, String type, boolean value, String reason, String message) {
        String status = value ? "True" : "False";
        DeploymentCondition previous = old == null || old.getConditions() == null
                ? null
                : old.getConditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
        String now = now();
        String transition =
                previous != null && status.equals(previous.getStatus()) ? previous.getLastTransitionTime() : now;
        String update = previous != null && status.equals(previous.getStatus()) && reason.equals(previous.getReason())
                ? previous.getLastUpdateTime()
                : now;
        return new DeploymentConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(transition)
                .withLastUpdateTime(update)
                .build();
    }

    // ---- Pods --------------------------------------------------------------------------------------------------

    private void createPod(Deployment d, String ownerKey) {
        String namespace = d.getMetadata().getNamespace();
        String name = podName(namespace, d.getMetadata().getName());
        PodTemplateSpec template = d.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null) {
            if (template.getMetadata().getLabels() != null) {
                labels.putAll(template.getMetadata().getLabels());
            }
            if (template.getMetadata().getAnnotations() != null) {
                annotations.putAll(template.getMetadata().getAnnotations());
            }
        }
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName(d.getMetadata().getName())
                        .withUid(d.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(template.getSpec())
                .withStatus(new PodStatusBuilder()
                        .withPhase("Pending")
                        .withHostIP(POD_IP)
                        .withConditions(podCondition("PodScheduled", true))
                        .build())
                .build();
        BentoBehaviour behaviour = behaviours.resolve(pod, client);
        StandInBento bento =
                new StandInBento(namespace, name, labels.get(REVISION_LABEL), labels.get(COMPONENT_LABEL), behaviour);
        pod.getMetadata().getAnnotations().put(PORT_ANNOTATION, Integer.toString(bento.port()));
        SimPod sim =
                new SimPod(pod, ownerKey, d.getMetadata().getUid(), sequence.incrementAndGet(), bento, gpus(template));
        pods.put(key(namespace, name), sim);
        try {
            client.pods().inNamespace(namespace).resource(pod).create();
        } catch (RuntimeException e) {
            pods.remove(key(namespace, name));
            bento.close();
            throw e;
        }
        submit(() -> run(sim));
    }

    private String podName(String namespace, String deployment) {
        while (true) {
            StringBuilder suffix = new StringBuilder(5);
            for (int i = 0; i < 5; i++) {
                suffix.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
            }
            String name = deployment + "-" + suffix;
            if (!pods.containsKey(key(namespace, name))) {
                return name;
            }
        }
    }

    private static int gpus(PodTemplateSpec template) {
        int total = 0;
        for (Container c : template.getSpec().getContainers()) {
            if (c.getResources() == null) {
                continue;
            }
            Quantity q = c.getResources().getLimits() == null
                    ? null
                    : c.getResources().getLimits().get(GPU_RESOURCE);
            if (q == null && c.getResources().getRequests() != null) {
                q = c.getResources().getRequests().get(GPU_RESOURCE);
            }
            if (q != null) {
                total += q.getNumericalAmount().intValue();
            }
        }
        return total;
    }

    private void run(SimPod p) {
        if (p.phase != Phase.PENDING) {
            return;
        }
        p.phase = Phase.RUNNING;
        writePodStatus(p);
        startUp(p);
    }

    private void startUp(SimPod p) {
        if (!p.bento.behaviour().neverReady()) {
            p.timer = later(p.bento.behaviour().startupDelayMs(), () -> markReady(p));
        }
    }

    private void markReady(SimPod p) {
        if (p.phase != Phase.RUNNING) {
            return;
        }
        p.phase = Phase.READY;
        p.bento.ready(true);
        writePodStatus(p);
        refreshDeployment(p.ownerKey);
        reconcileEndpoints(p.namespace);
        long crashAfter = p.bento.behaviour().crashAfterSeconds();
        if (crashAfter > 0) {
            p.timer = later(TimeUnit.SECONDS.toMillis(crashAfter), () -> crash(p));
        }
    }

    private void crash(SimPod p) {
        if (p.phase != Phase.READY) {
            return;
        }
        p.phase = Phase.RUNNING;
        p.bento.ready(false);
        p.restarts++;
        writePodStatus(p);
        refreshDeployment(p.ownerKey);
        reconcileEndpoints(p.namespace);
        startUp(p);
    }

    private void terminate(SimPod p) {
        if (p.phase == Phase.TERMINATING) {
            return;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        p.phase = Phase.TERMINATING;
        p.bento.ready(false);
        try {
            client.pods()
                    .inNamespace(p.namespace)
                    .withName(p.name)
                    .edit(current -> new PodBuilder(current)
                            .editMetadata()
                            .addToAnnotations(TERMINATING_ANNOTATION, now())
                            .endMetadata()
                            .build());
            writePodStatus(p);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
        reconcileEndpoints(p.namespace);
        refreshDeployment(p.ownerKey);
        later(gracePeriod.toMillis(), () -> {
            pods.remove(key(p.namespace, p.name));
            p.bento.close();
            deletePodMetrics(p);
            reconcileEndpoints(p.namespace);
            client.pods().inNamespace(p.namespace).withName(p.name).delete();
        });
    }

    /** A pod deleted by someone else: forget it; its Deployment (if any) gets a replacement. */
    private void podGone(String podKey) {
        SimPod p = pods.remove(podKey);
        if (p == null) {
            return;
        }
        if (p.timer != null) {
            p.timer.cancel(false);
        }
        p.bento.close();
        deletePodMetrics(p);
        reconcileEndpoints(p.namespace);
        String[] parts = p.ownerKey.split("/", 2);
        reconcileDeployment(parts[0], parts[1]);
    }

    private void writePodStatus(SimPod p) {
        boolean ready = p.phase == Phase.READY;
        List<ContainerStatus> containers = new ArrayList<>();
        for (String container : p.containers) {
            containers.add(new ContainerStatusBuilder()
                    .withName(container)
                    .withReady(ready)
                    .withStarted(true)
                    .withRestartCount(p.restarts)
                    .withNewState()
                    .withNewRunning(p.createdAt)
                    .endState()
                    .build());
        }
        PodStatus status = new PodStatusBuilder()
                .withPhase("Running")
                .withHostIP(POD_IP)
                .withPodIP(POD_IP)
                .addNewPodIP(POD_IP)
                .withStartTime(p.createdAt)
                .withConditions(
                        podCondition("PodScheduled", true),
                        podCondition("Initialized", true),
                        podCondition("ContainersReady", ready),
                        podCondition("Ready", ready))
                .withContainerStatuses(containers)
                .build();
        client.pods()
                .inNamespace(p.namespace)
                .withName(p.name)
                .editStatus(
                        current -> new PodBuilder(current).withStatus(status).build());
    }

    private static PodCondition podCondition(String type, boolean value) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(value ? "True" : "False")
                .withLastTransitionTime(now())
                .build();
    }

    // ---- Endpoints ---------------------------------------------------------------------------------------------

    private void reconcileEndpoints(String namespace) {
        if (services == null) {
            return;
        }
        for (Service s : services.getStore().list()) {
            if (namespace.equals(s.getMetadata().getNamespace())) {
                reconcileEndpoints(s);
            }
        }
    }

    private void reconcileEndpoints(Service s) {
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return; // Endpoints of selector-less Services are written by their owner, as in Kubernetes
        }
        String namespace = s.getMetadata().getNamespace();
        List<EndpointSubset> subsets = new ArrayList<>();
        pods.values().stream()
                .filter(p -> p.namespace.equals(namespace) && p.ready() && matches(selector, p.labels))
                .sorted(Comparator.comparing((SimPod p) -> p.name))
                .forEach(p -> subsets.add(new EndpointSubsetBuilder()
                        .withAddresses(new EndpointAddressBuilder()
                                .withIp(POD_IP)
                                .withNewTargetRef()
                                .withKind("Pod")
                                .withNamespace(namespace)
                                .withName(p.name)
                                .endTargetRef()
                                .build())
                        .withPorts(s.getSpec().getPorts().stream()
                                .map(sp -> new EndpointPortBuilder()
                                        .withName(sp.getName())
                                        .withProtocol(sp.getProtocol())
                                        .withPort(p.bento.port())
                                        .build())
                                .toList())
                        .build()));
        var resource = client.endpoints()
                .inNamespace(namespace)
                .withName(s.getMetadata().getName());
        Endpoints existing = resource.get();
        if (existing == null) {
            client.endpoints()
                    .inNamespace(namespace)
                    .resource(new EndpointsBuilder()
                            .withNewMetadata()
                            .withNamespace(namespace)
                            .withName(s.getMetadata().getName())
                            .withLabels(
                                    s.getMetadata().getLabels() == null
                                            ? Map.of()
                                            : s.getMetadata().getLabels())
                            .endMetadata()
                            .withSubsets(subsets)
                            .build())
                    .create();
        } else if (!subsets.equals(existing.getSubsets())) {
            resource.edit(current ->
                    new EndpointsBuilder(current).withSubsets(subsets).build());
        }
        reconcileEndpointSlices(s, selector);
    }

    /**
     * discovery.k8s.io/v1 EndpointSlices of a Service: one per started pod (every pod has its own port number, and a
     * slice's ports are shared by all its endpoints, so Kubernetes would split them the same way), named
     * {@code <service>-<port>}, labelled {@code kubernetes.io/service-name}; the endpoint's conditions say whether the
     * pod is ready, serving and terminating. Written only when they change.
     */
    private void reconcileEndpointSlices(Service s, Map<String, String> selector) {
        String namespace = s.getMetadata().getNamespace();
        String service = s.getMetadata().getName();
        Map<String, EndpointSlice> desired = new LinkedHashMap<>();
        pods.values().stream()
                .filter(p -> p.namespace.equals(namespace) && p.started() && matches(selector, p.labels))
                .sorted(Comparator.comparing((SimPod p) -> p.name))
                .forEach(p -> {
                    String name = service + "-" + p.bento.port();
                    Map<String, String> labels = new LinkedHashMap<>();
                    if (s.getMetadata().getLabels() != null) {
                        labels.putAll(s.getMetadata().getLabels());
                    }
                    labels.put(SERVICE_NAME_LABEL, service);
                    labels.put(SLICE_MANAGED_BY_LABEL, SLICE_MANAGER);
                    boolean terminating = p.phase == Phase.TERMINATING;
                    desired.put(
                            name,
                            new EndpointSliceBuilder()
                                    .withNewMetadata()
                                    .withNamespace(namespace)
                                    .withName(name)
                                    .withLabels(labels)
                                    .endMetadata()
                                    .withAddressType("IPv4")
                                    .addNewEndpoint()
                                    .withAddresses(POD_IP)
                                    .withNewConditions()
                                    .withReady(p.ready())
                                    .withServing(p.ready())
                                    .withTerminating(terminating)
                                    .endConditions()
                                    .withNewTargetRef()
                                    .withKind("Pod")
                                    .withNamespace(namespace)
                                    .withName(p.name)
                                    .endTargetRef()
                                    .endEndpoint()
                                    .withPorts(s.getSpec().getPorts().stream()
                                            .map(sp ->
                                                    new io.fabric8.kubernetes.api.model.discovery.v1
                                                                    .EndpointPortBuilder()
                                                            .withName(sp.getName())
                                                            .withProtocol(sp.getProtocol())
                                                            .withPort(p.bento.port())
                                                            .build())
                                            .toList())
                                    .build());
                });
        var slices = client.discovery().v1().endpointSlices().inNamespace(namespace);
        List<EndpointSlice> existing =
                slices.withLabel(SERVICE_NAME_LABEL, service).list().getItems();
        Set<String> seen = new java.util.HashSet<>();
        for (EndpointSlice e : existing) {
            String name = e.getMetadata().getName();
            EndpointSlice want = desired.get(name);
            seen.add(name);
            if (want == null) {
                slices.withName(name).delete();
            } else if (!want.getEndpoints().equals(e.getEndpoints())
                    || !want.getPorts().equals(e.getPorts())) {
                slices.withName(name)
                        .edit(current -> new EndpointSliceBuilder(current)
                                .withEndpoints(want.getEndpoints())
                                .withPorts(want.getPorts())
                                .build());
            }
        }
        desired.forEach((name, slice) -> {
            if (!seen.contains(name)) {
                slices.resource(slice).create();
            }
        });
    }

    private void deleteEndpoints(Service s) {
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        if (selector != null && !selector.isEmpty()) {
            client.endpoints()
                    .inNamespace(s.getMetadata().getNamespace())
                    .withName(s.getMetadata().getName())
                    .delete();
            client.discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(s.getMetadata().getNamespace())
                    .withLabel(SERVICE_NAME_LABEL, s.getMetadata().getName())
                    .delete();
        }
    }

    // ---- metrics.k8s.io ----------------------------------------------------------------------------------------

    /**
     * A PodMetrics object per started pod, in the pod's namespace and with its name and labels (so that label
     * selectors work, as with metrics-server): the first container carries the pod's usage ({@link
     * SimPod#cpuMillicores()}, {@link SimPod#memoryBytes()}), any other container the idle minimum. Written when the
     * usage (whole millicores, bytes) changed since the last write.
     */
    private void writePodMetrics() {
        for (SimPod p : pods.values()) {
            if (!p.started()) {
                continue;
            }
            long cpu = Math.round(p.cpuMillicores());
            long memory = p.memoryBytes();
            if (p.writtenUsage != null && p.writtenUsage[0] == cpu && p.writtenUsage[1] == memory) {
                continue;
            }
            List<io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics> containers = new ArrayList<>();
            for (int i = 0; i < p.containers.size(); i++) {
                containers.add(new ContainerMetricsBuilder()
                        .withName(p.containers.get(i))
                        .withUsage(Map.of(
                                "cpu", new Quantity((i == 0 ? cpu : MetricsEndpoint.IDLE_MILLICORES) + "m"),
                                "memory", new Quantity(Long.toString(i == 0 ? memory : 0))))
                        .build());
            }
            PodMetrics metrics = new PodMetricsBuilder()
                    .withNewMetadata()
                    .withNamespace(p.namespace)
                    .withName(p.name)
                    .withLabels(p.labels)
                    .endMetadata()
                    .withTimestamp(now())
                    .withWindow(new io.fabric8.kubernetes.api.model.Duration(METRICS_WINDOW))
                    .withContainers(containers)
                    .build();
            try {
                client.resources(PodMetrics.class)
                        .inNamespace(p.namespace)
                        .resource(metrics)
                        .createOr(NonDeletingOperation::update);
                p.writtenUsage = new long[] {cpu, memory};
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private void deletePodMetrics(SimPod p) {
        if (p.writtenUsage != null) {
            client.resources(PodMetrics.class)
                    .inNamespace(p.namespace)
                    .withName(p.name)
                    .delete();
        }
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        loop.shutdownNow();
        new HashMap<>(pods).values().forEach(p -> p.bento.close());
        pods.clear();
    }
}
