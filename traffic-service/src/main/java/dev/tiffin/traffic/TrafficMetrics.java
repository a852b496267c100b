package dev.tiffin.traffic;

import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.traffic.domain.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter of the traffic-service, declared in one place (Prometheus adds {@code _total} / {@code _seconds}). Labels
 * are bounded: deployment, namespace, cluster, component, code, reason, topic; never request ids, paths or users.
 * Requests for unknown deployments are counted under deployment and component {@code "-"} so that arbitrary URLs
 * cannot create series.
 */
@ApplicationScoped
public class TrafficMetrics {

    public static final String REQUESTS = "tiffin.traffic.requests";
    public static final String DURATION = "tiffin.traffic.request.duration";
    public static final String IN_FLIGHT = "tiffin.traffic.in.flight.requests";
    public static final String QUEUE_DEPTH = "tiffin.traffic.queue.depth.requests";
    public static final String READY_REPLICAS = "tiffin.traffic.ready.replicas";
    public static final String REJECTIONS = "tiffin.traffic.rejections";
    public static final String UPSTREAM_ERRORS = "tiffin.traffic.upstream.errors";
    public static final String ACTIVATIONS = "tiffin.traffic.activations";
    public static final String DEAD_LETTERED = "tiffin.traffic.messages.dead.lettered";
    public static final String ROUTES = "tiffin.traffic.routes";
    public static final String TOKENS = "tiffin.traffic.tokens";
    public static final String INFO = "tiffin.traffic.info";

    private final MeterRegistry registry;
    private final ComponentMeters unknown;

    public TrafficMetrics(MeterRegistry registry, TrafficConfig config) {
        this.registry = registry;
        this.unknown = new ComponentMeters(
                registry, Tags.of("deployment", "-", "namespace", "-", "cluster", config.cluster(), "component", "-"));
    }

    public ComponentMeters component(
            DeploymentId id,
            String component,
            Supplier<Number> inFlight,
            Supplier<Number> queueDepth,
            Supplier<Number> readyReplicas) {
        ComponentMeters meters = new ComponentMeters(
                registry,
                Tags.of(
                        "deployment", id.name(),
                        "namespace", id.namespace(),
                        "cluster", id.cluster(),
                        "component", component));
        meters.gauges(inFlight, queueDepth, readyReplicas);
        return meters;
    }

    /** Meters of requests that matched no deployment. */
    public ComponentMeters unknown() {
        return unknown;
    }

    public void deadLettered(String topic) {
        registry.counter(DEAD_LETTERED, "topic", topic).increment();
    }

    /** {@code tiffin_traffic_routes}: the deployments routed now. */
    public void routes(Supplier<Number> count) {
        Gauge.builder(ROUTES, count)
                .description("Deployments the traffic service routes")
                .register(registry);
    }

    /** {@code tiffin_traffic_tokens}: the API tokens in the access cache. */
    public void tokens(Supplier<Number> count) {
        Gauge.builder(TOKENS, count)
                .description("API tokens in the access cache")
                .register(registry);
    }

    void registerInfo(
            @Observes StartupEvent start,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        info(version);
    }

    /** {@code tiffin_traffic_info}: always 1, labelled with the version that runs. */
    public void info(String version) {
        Gauge.builder(INFO, () -> 1)
                .description("Always 1; the version label tells which build runs")
                .tag("version", version)
                .register(registry);
    }

    /** The meters of one component; requests by code are created on first use and cached. */
    public static final class ComponentMeters {
        private final MeterRegistry registry;
        private final Tags tags;
        private final AtomicReferenceArray<Counter> requestsByCode = new AtomicReferenceArray<>(600);
        private final Counter[] rejections = new Counter[RejectionReason.values().length];
        private final Timer duration;
        private final Counter upstreamErrors;
        private final Counter activations;
        private final List<Meter> meters = new ArrayList<>();

        ComponentMeters(MeterRegistry registry, Tags tags) {
            this.registry = registry;
            this.tags = tags;
            this.duration = register(Timer.builder(DURATION)
                    .description("Time from arrival to the end of the response (waiting in the queue included)")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry));
            this.upstreamErrors = register(Counter.builder(UPSTREAM_ERRORS)
                    .description("Requests that failed between the traffic service and a replica")
                    .tags(tags)
                    .register(registry));
            this.activations = register(Counter.builder(ACTIVATIONS)
                    .description("Activation requests published (cold starts)")
                    .tags(tags)
                    .register(registry));
            for (RejectionReason r : RejectionReason.values()) {
                rejections[r.ordinal()] = register(Counter.builder(REJECTIONS)
                        .description("Requests the traffic service answered itself, by reason")
                        .tags(tags)
                        .tag("reason", r.wire())
                        .register(registry));
            }
        }

        void gauges(Supplier<Number> inFlight, Supplier<Number> queueDepth, Supplier<Number> readyReplicas) {
            register(Gauge.builder(READY_REPLICAS, readyReplicas)
                    .description("Ready replicas the traffic service sends to (its view of the component's endpoints)")
                    .tags(tags)
                    .register(registry));
            register(Gauge.builder(IN_FLIGHT, inFlight)
                    .description("Requests dispatched to replicas and not yet answered")
                    .tags(tags)
                    .register(registry));
            register(Gauge.builder(QUEUE_DEPTH, queueDepth)
                    .description("Requests waiting for a replica")
                    .tags(tags)
                    .register(registry));
        }

        private <M extends Meter> M register(M meter) {
            meters.add(meter);
            return meter;
        }

        /** One answered request: its status code and time from arrival (nanoseconds). */
        public void request(int code, long nanos) {
            int index = code >= 100 && code < 600 ? code : 599;
            Counter c = requestsByCode.get(index);
            if (c == null) {
                c = Counter.builder(REQUESTS)
                        .description("Requests answered, by status code")
                        .tags(tags)
                        .tag("code", Integer.toString(code))
                        .register(registry);
                if (!requestsByCode.compareAndSet(index, null, c)) {
                    c = requestsByCode.get(index);
                } else {
                    synchronized (meters) {
                        meters.add(c);
                    }
                }
            }
            c.increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }

        public void rejected(RejectionReason reason) {
            rejections[reason.ordinal()].increment();
        }

        public void upstreamError() {
            upstreamErrors.increment();
        }

        public void activation() {
            activations.increment();
        }

        /** Removes this component's series (its route went away). */
        public void remove() {
            synchronized (meters) {
                meters.forEach(registry::remove);
                meters.clear();
            }
        }
    }
}
