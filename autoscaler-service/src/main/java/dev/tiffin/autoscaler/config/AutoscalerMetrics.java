package dev.tiffin.autoscaler.config;

import dev.tiffin.autoscaler.domain.DecisionRecord;
import dev.tiffin.autoscaler.domain.LiveComponent;
import dev.tiffin.autoscaler.domain.Target;
import dev.tiffin.contracts.spec.DeploymentId;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter of the autoscaler-service (conventions: Micrometer names, Prometheus adds {@code _total}/{@code
 * _seconds}; labels deployment, namespace, cluster, component, direction, limited_by, metric, topic):
 *
 * <ul>
 *   <li>{@code tiffin.autoscaler.decisions} counter {…, direction=up|down, limited_by};
 *   <li>{@code tiffin.autoscaler.desired.replicas}, {@code .current.replicas}, {@code .ready.replicas} gauges;
 *   <li>{@code tiffin.autoscaler.metric.value}, {@code .metric.target} gauges {…, metric};
 *   <li>{@code tiffin.autoscaler.evaluations} counter; {@code tiffin.autoscaler.reaction} timer (sample published →
 *       decision sent, histogram);
 *   <li>{@code tiffin.autoscaler.messages.dead.lettered} counter {topic};
 *   <li>{@code tiffin.autoscaler.info} gauge {version}: always 1, which build runs.
 * </ul>
 */
@ApplicationScoped
public class AutoscalerMetrics {

    private final MeterRegistry registry;
    private final Counter evaluations;
    private final Timer reaction;
    private final Map<String, ComponentGauges> gauges = new ConcurrentHashMap<>();

    public AutoscalerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.evaluations = Counter.builder("tiffin.autoscaler.evaluations")
                .description("Evaluations of a component's autoscaling policy")
                .register(registry);
        this.reaction = Timer.builder("tiffin.autoscaler.reaction")
                .description("From a metric sample published on Kafka to the scaling decision it caused being sent")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100))
                .register(registry);
    }

    void registerInfo(
            @Observes StartupEvent start,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        info(version);
    }

    /** {@code tiffin_autoscaler_info}: always 1, labelled with the version that runs. */
    public void info(String version) {
        Gauge.builder("tiffin.autoscaler.info", () -> 1)
                .description("Always 1; the version label tells which build runs")
                .tag("version", version)
                .register(registry);
    }

    public void evaluated() {
        evaluations.increment();
    }

    public void reaction(Duration elapsed) {
        if (!elapsed.isNegative()) {
            reaction.record(elapsed);
        }
    }

    public void decided(DeploymentId id, String component, DecisionRecord decision) {
        Counter.builder("tiffin.autoscaler.decisions")
                .description("Scaling decisions (changes of a component's desired replicas)")
                .tags(tags(id, component))
                .tag("direction", decision.desiredReplicas() > decision.currentReplicas() ? "up" : "down")
                .tag("limited_by", decision.limitedBy())
                .register(registry)
                .increment();
    }

    public void deadLettered(String topic) {
        Counter.builder("tiffin.autoscaler.messages.dead.lettered")
                .description("Messages the autoscaler could not process, sent to <topic>.dlq")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    /** Updates (registering on first sight) the gauges of one component. */
    public void observe(DeploymentId id, LiveComponent c) {
        ComponentGauges g = gauges.computeIfAbsent(key(id, c.name()), k -> new ComponentGauges(id, c.name()));
        g.current = c.current() == null ? Double.NaN : c.current();
        g.desired = c.desired() == null ? Double.NaN : c.desired();
        g.ready = c.ready();
        for (Target t : c.policy().targets()) {
            String metric = t.type().wire();
            var value = c.metrics().get(metric);
            g.metric(metric).value = value == null ? Double.NaN : value.value();
            g.metric(metric).target = t.value();
        }
    }

    /** Removes the gauges of a deployment's components (it was removed). */
    public void forget(DeploymentId id) {
        String prefix = id.key() + "#";
        gauges.keySet().removeIf(k -> {
            if (!k.startsWith(prefix)) {
                return false;
            }
            ComponentGauges g = gauges.get(k);
            if (g != null) {
                g.meters.forEach(registry::remove);
            }
            return true;
        });
    }

    private static String key(DeploymentId id, String component) {
        return id.key() + "#" + component;
    }

    private static Tags tags(DeploymentId id, String component) {
        return Tags.of(
                "deployment", id.name(), "namespace", id.namespace(), "cluster", id.cluster(), "component", component);
    }

    private final class ComponentGauges {
        final Tags tags;
        final List<Meter> meters = new ArrayList<>();
        final Map<String, MetricGauges> metrics = new ConcurrentHashMap<>();
        volatile double current = Double.NaN;
        volatile double desired = Double.NaN;
        volatile double ready;

        ComponentGauges(DeploymentId id, String component) {
            tags = tags(id, component);
            meters.add(Gauge.builder("tiffin.autoscaler.current.replicas", this, g -> g.current)
                    .description("Replicas the component is set to (as last decided or reported)")
                    .tags(tags)
                    .register(registry));
            meters.add(Gauge.builder("tiffin.autoscaler.desired.replicas", this, g -> g.desired)
                    .description("Replicas the autoscaler wants for the component")
                    .tags(tags)
                    .register(registry));
            meters.add(Gauge.builder("tiffin.autoscaler.ready.replicas", this, g -> g.ready)
                    .description("Ready replicas of the component")
                    .tags(tags)
                    .register(registry));
        }

        MetricGauges metric(String metric) {
            return metrics.computeIfAbsent(metric, m -> {
                MetricGauges mg = new MetricGauges();
                Tags t = tags.and("metric", m);
                meters.add(Gauge.builder("tiffin.autoscaler.metric.value", mg, x -> x.value)
                        .description("Latest value of a scaling metric (utilisation %, or requests/s for qps)")
                        .tags(t)
                        .register(registry));
                meters.add(Gauge.builder("tiffin.autoscaler.metric.target", mg, x -> x.target)
                        .description("Target of a scaling metric (utilisation %, or requests/s per replica for qps)")
                        .tags(t)
                        .register(registry));
                return mg;
            });
        }
    }

    private static final class MetricGauges {
        volatile double value = Double.NaN;
        volatile double target = Double.NaN;
    }
}
