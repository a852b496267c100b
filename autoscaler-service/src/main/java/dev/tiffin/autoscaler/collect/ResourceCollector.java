package dev.tiffin.autoscaler.collect;

import dev.tiffin.autoscaler.config.AutoscalerConfig;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.LiveDeployment;
import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.autoscaler.messaging.Publisher;
import dev.tiffin.contracts.events.data.MetricSampled;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Collects the resource metrics of the components (with a cpu, memory or gpu target) of the deployments this
 * instance owns, every {@code
 * tiffin.autoscaler.collect.interval}, and publishes them as {@code MetricSampled} (source {@code
 * resource-collector}) on {@code tiffin.metrics}, from where they are consumed like any other sample:
 *
 * <ul>
 *   <li>{@code cpu}, {@code memory}: from {@code metrics.k8s.io} PodMetrics of the component's ready pods (label
 *       selector {@code tiffin.dev/deployment}, component by the {@code tiffin.dev/component-name} annotation or the
 *       {@code tiffin.dev/component} label), as the HPA computes utilisation: {@code (int)(Σ usage × 100 / Σ
 *       requests)} over the ready pods that have both a sample and requests;
 *   <li>{@code gpu}: the mean over the ready pods of their value in the Prometheus GPU query ({@link PrometheusGpu});
 *   <li>{@code ready_pods}: the component's ready pods (informative: the ready count the autoscaler uses is the
 *       rollout-service's).
 * </ul>
 */
@ApplicationScoped
public class ResourceCollector {

    public static final String SOURCE = "resource-collector";
    public static final String DEPLOYMENT_LABEL = "tiffin.dev/deployment";
    public static final String COMPONENT_LABEL = "tiffin.dev/component";
    public static final String COMPONENT_NAME_ANNOTATION = "tiffin.dev/component-name";

    private static final Logger LOG = Logger.getLogger(ResourceCollector.class);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final AutoscalerConfig config;
    private final LiveAutoscaler autoscaler;
    private final KubernetesClients clients;
    private final PrometheusGpu gpu;
    private final Publisher publisher;
    private final Clock clock;
    private ScheduledExecutorService executor;
    private final Map<String, String> lastErrors = new HashMap<>();

    public ResourceCollector(
            AutoscalerConfig config,
            LiveAutoscaler autoscaler,
            KubernetesClients clients,
            PrometheusGpu gpu,
            Publisher publisher,
            Clock clock) {
        this.config = config;
        this.autoscaler = autoscaler;
        this.clients = clients;
        this.gpu = gpu;
        this.publisher = publisher;
        this.clock = clock;
    }

    void start(@Observes StartupEvent start) {
        if (!config.collect().enabled()) {
            LOG.info("resource collectors disabled (tiffin.autoscaler.collect.enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autoscaler-collector");
            t.setDaemon(true);
            return t;
        });
        long interval = config.collect().interval().toMillis();
        executor.scheduleWithFixedDelay(this::collectSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    private void collectSafely() {
        try {
            collect();
        } catch (RuntimeException e) {
            warnOnce("collector", e);
        }
    }

    /** One collection over every owned deployment. */
    public void collect() {
        List<LiveDeployment> owned = autoscaler.owned();
        if (owned.isEmpty()) {
            return;
        }
        Map<String, Double> gpuByPod = Map.of();
        if (gpu.enabled()) {
            try {
                gpuByPod = gpu.byPod();
                lastErrors.remove("prometheus");
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                warnOnce("prometheus", e);
            }
        }
        for (LiveDeployment d : owned) {
            try {
                collect(d, gpuByPod);
                lastErrors.remove(d.id().key());
            } catch (RuntimeException e) {
                warnOnce(d.id().key(), e);
            }
        }
    }

    private void collect(LiveDeployment d, Map<String, Double> gpuByPod) {
        boolean anyRunning = d.components().values().stream().anyMatch(c -> c.current() != null && c.current() > 0);
        if (!anyRunning) {
            return;
        }
        KubernetesClient client = clients.forCluster(d.cluster(), d.id().cluster());
        String namespace = d.id().namespace();
        List<Pod> pods = client.pods()
                .inNamespace(namespace)
                .withLabel(DEPLOYMENT_LABEL, d.id().name())
                .list()
                .getItems();
        Map<String, PodMetrics> usage = new HashMap<>();
        try {
            for (PodMetrics m : client.top()
                    .pods()
                    .inNamespace(namespace)
                    .withLabels(Map.of(DEPLOYMENT_LABEL, d.id().name()))
                    .metrics()
                    .getItems()) {
                usage.put(m.getMetadata().getName(), m);
            }
        } catch (RuntimeException e) {
            warnOnce(d.id().key() + "/metrics.k8s.io", e);
        }
        Instant now = clock.instant();
        for (LiveComponent c : d.components().values()) {
            if (!scalesOnResources(c)) {
                continue;
            }
            List<Pod> ready = pods.stream()
                    .filter(p -> belongsTo(p, c))
                    .filter(ResourceCollector::ready)
                    .toList();
            boolean hasPods = pods.stream().anyMatch(p -> belongsTo(p, c));
            if (!hasPods && (c.current() == null || c.current() == 0)) {
                continue;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            Long cpu = utilisation(ready, usage, "cpu");
            if (cpu != null) {
                values.put("cpu", cpu.doubleValue());
            }
            Long memory = utilisation(ready, usage, "memory");
            if (memory != null) {
                values.put("memory", memory.doubleValue());
            }
            double gpuSum = 0;
            int gpuPods = 0;
            for (Pod p : ready) {
                Double v = gpuByPod.get(namespace + "/" + p.getMetadata().getName());
                if (v != null) {
                    gpuSum += v;
                    gpuPods++;
                }
            }
            if (gpuPods > 0) {
                values.put("gpu", gpuSum / gpuPods);
            }
            values.put(LiveComponent.READY_PODS, (double) ready.size());
            publisher.event(
                    d.id(),
                    new MetricSampled(
                            d.id(),
                            c.name(),
                            SOURCE,
                            config.collect().interval().toMillis() / 1000.0,
                            values,
                            now));
        }
    }

    /** Only components with a cpu, memory or gpu target are collected for. */
    static boolean scalesOnResources(LiveComponent c) {
        return c.policy().targets().stream().anyMatch(t -> t.type().isUtilisation());
    }

    static boolean belongsTo(Pod p, LiveComponent c) {
        Map<String, String> annotations = p.getMetadata().getAnnotations();
        String name = annotations == null ? null : annotations.get(COMPONENT_NAME_ANNOTATION);
        if (name != null) {
            return name.equals(c.name());
        }
        Map<String, String> labels = p.getMetadata().getLabels();
        return labels != null && c.spec().kubeName().equals(labels.get(COMPONENT_LABEL));
    }

    /** Running, condition Ready True, not being deleted. */
    static boolean ready(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null
                || p.getStatus() == null
                || !"Running".equals(p.getStatus().getPhase())
                || p.getStatus().getConditions() == null) {
            return false;
        }
        return p.getStatus().getConditions().stream()
                .anyMatch(cond -> "Ready".equals(cond.getType()) && "True".equals(cond.getStatus()));
    }

    /**
     * The HPA's pooled utilisation: {@code (int)(Σ usage × 100 / Σ requests)} over the pods with both a sample and a
     * request for {@code resource} (cpu in millicores, memory in bytes); null when no pod has both.
     */
    static Long utilisation(List<Pod> pods, Map<String, PodMetrics> usage, String resource) {
        BigDecimal used = BigDecimal.ZERO;
        BigDecimal requested = BigDecimal.ZERO;
        int counted = 0;
        for (Pod p : pods) {
            PodMetrics m = usage.get(p.getMetadata().getName());
            BigDecimal request = requests(p, resource);
            if (m == null || request.signum() <= 0) {
                continue;
            }
            BigDecimal podUsage = BigDecimal.ZERO;
            for (ContainerMetrics cm : m.getContainers()) {
                Quantity q = cm.getUsage() == null ? null : cm.getUsage().get(resource);
                if (q != null) {
                    podUsage = podUsage.add(q.getNumericalAmount());
                }
            }
            used = used.add(podUsage);
            requested = requested.add(request);
            counted++;
        }
        if (counted == 0) {
            return null;
        }
        if ("cpu".equals(resource)) {
            used = used.multiply(THOUSAND);
            requested = requested.multiply(THOUSAND);
        }
        return used.multiply(BigDecimal.valueOf(100))
                .divide(requested, 0, java.math.RoundingMode.DOWN)
                .longValue();
    }

    private static BigDecimal requests(Pod p, String resource) {
        BigDecimal total = BigDecimal.ZERO;
        for (Container c : p.getSpec().getContainers()) {
            if (c.getResources() == null || c.getResources().getRequests() == null) {
                return BigDecimal.ZERO; // a container without a request: utilisation cannot be computed (HPA)
            }
            Quantity q = c.getResources().getRequests().get(resource);
            if (q == null) {
                return BigDecimal.ZERO;
            }
            total = total.add(q.getNumericalAmount());
        }
        return total;
    }

    private void warnOnce(String what, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastErrors.put(what, message))) {
            LOG.warnf("collecting %s failed (repeats are not logged): %s", what, message);
        }
    }
}
