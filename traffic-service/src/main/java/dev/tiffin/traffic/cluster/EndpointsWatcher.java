package dev.tiffin.traffic.cluster;

import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.domain.ReplicaAddress;
import dev.tiffin.traffic.proxy.RouteRegistry;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Watches the cluster for the ready endpoints of every Tiffin component: informers (list + watch) on the Services and
 * v1 Endpoints labelled {@code app.kubernetes.io/managed-by=tiffin} in all namespaces. A Service
 * {@code <deployment>-<component>} names its deployment (label {@code tiffin.dev/deployment}) and component
 * (annotation {@code tiffin.dev/component-name}, else label {@code tiffin.dev/component}); its Endpoints list one
 * address per ready pod (not-ready and terminating pods are in {@code notReadyAddresses} or gone, so they leave the
 * pool at once). The port is the one named {@code http}, else the first.
 *
 * <p>The client comes from {@code tiffin.kubeconfig} (a file), else {@code KUBECONFIG}, else the in-cluster service
 * account, with the context {@code tiffin.traffic.kube-context} (default: the kubeconfig's current context). With none
 * of them (docker compose without a cluster) nothing is watched: every component has no replica.
 */
@ApplicationScoped
public class EndpointsWatcher {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String DEPLOYMENT_LABEL = "tiffin.dev/deployment";
    public static final String COMPONENT_LABEL = "tiffin.dev/component";
    public static final String COMPONENT_NAME_ANNOTATION = "tiffin.dev/component-name";

    private static final Logger LOG = Logger.getLogger(EndpointsWatcher.class);

    private final RouteRegistry registry;
    private final TrafficConfig config;
    private final Optional<String> kubeconfig;
    private final Map<String, Owner> services = new ConcurrentHashMap<>();
    private final Map<String, List<ReplicaAddress>> endpoints = new ConcurrentHashMap<>();
    private KubernetesClient client;
    private SharedIndexInformer<Service> serviceInformer;
    private SharedIndexInformer<Endpoints> endpointsInformer;
    private volatile boolean unwatched;

    record Owner(String namespace, String deployment, String component) {}

    public EndpointsWatcher(
            RouteRegistry registry,
            TrafficConfig config,
            @ConfigProperty(name = "tiffin.kubeconfig") Optional<String> kubeconfig) {
        this.registry = registry;
        registry.endpointsSyncedBy(this::synced);
        this.config = config;
        this.kubeconfig = kubeconfig;
    }

    void start(@Observes StartupEvent event) {
        if (kubeconfig.filter(k -> !k.isBlank()).isEmpty()
                && System.getenv("KUBECONFIG") == null
                && System.getenv("KUBERNETES_SERVICE_HOST") == null) {
            // e.g. docker compose without a cluster: routes exist, every component has no replica
            unwatched = true;
            LOG.warn("no cluster configured (tiffin.kubeconfig, KUBECONFIG or in-cluster): no endpoints are watched");
            return;
        }
        String context = config.kubeContext().orElse(null);
        Config kube = kubeconfig
                .filter(k -> !k.isBlank())
                .map(k -> Config.fromKubeconfig(context, new File(k)))
                .orElseGet(() -> Config.autoConfigure(context));
        client = new KubernetesClientBuilder().withConfig(kube).build();
        LOG.infof("watching Services and Endpoints of Tiffin components at %s", kube.getMasterUrl());
        serviceInformer = client.services()
                .inAnyNamespace()
                .withLabel(MANAGED_BY, "tiffin")
                .runnableInformer(0);
        serviceInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service s) {
                service(s);
            }

            @Override
            public void onUpdate(Service old, Service s) {
                service(s);
            }

            @Override
            public void onDelete(Service s, boolean unknown) {
                Owner owner = services.remove(key(s));
                if (owner != null) {
                    registry.endpoints(owner.namespace(), owner.deployment(), owner.component(), List.of());
                }
            }
        });
        endpointsInformer = client.endpoints()
                .inAnyNamespace()
                .withLabel(MANAGED_BY, "tiffin")
                .runnableInformer(0);
        endpointsInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Endpoints e) {
                endpoints(e);
            }

            @Override
            public void onUpdate(Endpoints old, Endpoints e) {
                endpoints(e);
            }

            @Override
            public void onDelete(Endpoints e, boolean unknown) {
                endpoints.remove(key(e));
                publish(key(e));
            }
        });
        serviceInformer.start();
        endpointsInformer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (serviceInformer != null) {
            serviceInformer.stop();
        }
        if (endpointsInformer != null) {
            endpointsInformer.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    /** Whether both informers have listed the cluster once (true when no cluster is configured at all). */
    public boolean synced() {
        return unwatched
                || serviceInformer != null
                        && serviceInformer.hasSynced()
                        && endpointsInformer != null
                        && endpointsInformer.hasSynced();
    }

    private void service(Service s) {
        Map<String, String> labels = s.getMetadata().getLabels();
        String deployment = labels == null ? null : labels.get(DEPLOYMENT_LABEL);
        if (deployment == null) {
            return;
        }
        Map<String, String> annotations = s.getMetadata().getAnnotations();
        String component = annotations == null ? null : annotations.get(COMPONENT_NAME_ANNOTATION);
        if (component == null) {
            component = labels.get(COMPONENT_LABEL);
        }
        if (component == null) {
            return;
        }
        services.put(key(s), new Owner(s.getMetadata().getNamespace(), deployment, component));
        publish(key(s));
    }

    private void endpoints(Endpoints e) {
        List<ReplicaAddress> ready = new ArrayList<>();
        if (e.getSubsets() != null) {
            for (EndpointSubset subset : e.getSubsets()) {
                Integer port = port(subset.getPorts());
                if (port == null || subset.getAddresses() == null) {
                    continue;
                }
                for (EndpointAddress a : subset.getAddresses()) {
                    ready.add(new ReplicaAddress(a.getIp(), port));
                }
            }
        }
        endpoints.put(key(e), ready);
        publish(key(e));
    }

    private static Integer port(List<EndpointPort> ports) {
        if (ports == null || ports.isEmpty()) {
            return null;
        }
        for (EndpointPort p : ports) {
            if ("http".equals(p.getName())) {
                return p.getPort();
            }
        }
        return ports.get(0).getPort();
    }

    private void publish(String key) {
        Owner owner = services.get(key);
        if (owner == null) {
            return; // the Service is not known yet: published when it arrives
        }
        registry.endpoints(
                owner.namespace(), owner.deployment(), owner.component(), endpoints.getOrDefault(key, List.of()));
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
