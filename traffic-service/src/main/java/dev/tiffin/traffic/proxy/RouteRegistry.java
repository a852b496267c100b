package dev.tiffin.traffic.proxy;

import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.domain.ComponentPolicy;
import dev.tiffin.traffic.domain.DeploymentRoute;
import dev.tiffin.traffic.domain.ReplicaAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The route table: deployments by {@code namespace/name} (from the deployment events) and the ready endpoints of each
 * component (from the cluster watch), joined into {@link ComponentGate}s. Lookups are lock-free; the two writers
 * (the Kafka consumer and the endpoints watcher) serialise on the registry.
 */
@ApplicationScoped
public class RouteRegistry {

    private static final Logger LOG = Logger.getLogger(RouteRegistry.class);

    private final Map<String, LiveRoute> routes = new ConcurrentHashMap<>();
    /** Ready endpoints by {@code namespace/deployment/component}, kept even before the route is known. */
    private final Map<String, List<ReplicaAddress>> endpoints = new ConcurrentHashMap<>();

    private final TrafficMetrics metrics;

    private volatile boolean stateCaughtUp;
    private volatile BooleanSupplier endpointsSynced = () -> false;
    private volatile boolean serving;

    public RouteRegistry(TrafficMetrics metrics) {
        this.metrics = metrics;
        metrics.routes(routes::size);
    }

    /** The routes and tokens have caught up with what Kafka held at start-up. */
    public void stateCaughtUp() {
        stateCaughtUp = true;
    }

    /** How to tell whether the cluster's Services and Endpoints have been listed once. */
    public void endpointsSyncedBy(BooleanSupplier synced) {
        endpointsSynced = synced;
    }

    /**
     * Whether the table is complete enough to answer from: both the Kafka state and the cluster's endpoints have been
     * read once. Before that an unknown route is not a 404, a token not yet read is not a 401, and a component whose
     * endpoints are not listed yet is not at zero: the data plane answers 503 with {@code Retry-After} instead.
     */
    public boolean serving() {
        if (serving) {
            return true;
        }
        boolean now = stateCaughtUp && endpointsSynced.getAsBoolean();
        if (now) {
            serving = true;
        }
        return now;
    }

    public LiveRoute route(String namespace, String name) {
        return routes.get(DeploymentRoute.key(namespace, name));
    }

    public Collection<LiveRoute> routes() {
        return routes.values();
    }

    /** A new revision: creates or updates the route; components it no longer has are closed. */
    public synchronized void apply(DeploymentRoute route) {
        LiveRoute old = routes.get(route.key());
        Map<String, ComponentGate> gates = new LinkedHashMap<>();
        for (Map.Entry<String, ComponentPolicy> c : route.components().entrySet()) {
            ComponentGate gate = old == null ? null : old.gates().get(c.getKey());
            if (gate == null) {
                ComponentGate created = new ComponentGate(
                        route.id(),
                        c.getKey(),
                        c.getValue(),
                        ThreadLocalRandom.current().nextLong());
                created.meters(metrics.component(
                        route.id(), c.getKey(), created::inFlight, created::waiting, created::readyReplicas));
                created.replicas(endpoints.getOrDefault(endpointsKey(route.id(), c.getKey()), List.of()));
                gate = created;
            } else {
                gate.policy(c.getValue());
            }
            gates.put(c.getKey(), gate);
        }
        routes.put(route.key(), new LiveRoute(route, Map.copyOf(gates)));
        if (old != null) {
            old.gates().forEach((name, gate) -> {
                if (!gates.containsKey(name)) {
                    gate.close(404, "component " + name + " is no longer part of the deployment");
                }
            });
        }
        LOG.infof(
                "route %s revision %d: %s, components %s%s",
                route.id(),
                route.revision(),
                route.access().wire(),
                route.components(),
                route.terminated() ? " (terminated)" : "");
    }

    /** The deployment was terminated: the route stays (no replicas, 503) and waiting requests are answered. */
    public synchronized void terminate(DeploymentId id) {
        String key = DeploymentRoute.key(id.namespace(), id.name());
        LiveRoute old = routes.get(key);
        if (old == null || !old.route().id().equals(id)) {
            return;
        }
        routes.put(key, new LiveRoute(old.route().asTerminated(), old.gates()));
        old.gates().values().forEach(g -> g.rejectWaiting(503, "the deployment is terminated"));
        LOG.infof("route %s terminated", id);
    }

    /** The deployment was deleted: the route goes (404). */
    public synchronized void remove(DeploymentId id) {
        String key = DeploymentRoute.key(id.namespace(), id.name());
        LiveRoute old = routes.get(key);
        if (old == null || !old.route().id().equals(id)) {
            return;
        }
        routes.remove(key);
        old.gates().values().forEach(g -> g.close(404, "the deployment was deleted"));
        LOG.infof("route %s removed", id);
    }

    /**
     * The ready endpoints of a component changed (from the cluster). {@code component} is the spec's name (the
     * Service's {@code tiffin.dev/component-name} annotation) or, failing that, its DNS-1123 label.
     */
    public synchronized void endpoints(
            String namespace, String deployment, String component, List<ReplicaAddress> addresses) {
        String key = namespace + "/" + deployment + "/" + component;
        if (addresses.isEmpty()) {
            endpoints.remove(key);
        } else {
            endpoints.put(key, List.copyOf(addresses));
        }
        LiveRoute live = routes.get(DeploymentRoute.key(namespace, deployment));
        if (live == null) {
            return;
        }
        ComponentGate gate = live.gate(component);
        if (gate == null) {
            gate = byDnsLabel(live, component);
        }
        if (gate != null) {
            gate.replicas(addresses);
        }
    }

    private ComponentGate byDnsLabel(LiveRoute live, String label) {
        List<ComponentGate> matches = new ArrayList<>();
        live.gates().forEach((name, gate) -> {
            if (name.toLowerCase(Locale.ROOT).replace('_', '-').equals(label)) {
                matches.add(gate);
            }
        });
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private String endpointsKey(DeploymentId id, String component) {
        String key = id.namespace() + "/" + id.name() + "/" + component;
        if (endpoints.containsKey(key)) {
            return key;
        }
        String dns = id.namespace() + "/" + id.name() + "/"
                + component.toLowerCase(Locale.ROOT).replace('_', '-');
        return endpoints.containsKey(dns) ? dns : key;
    }
}
