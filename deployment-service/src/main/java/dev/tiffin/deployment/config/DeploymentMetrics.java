package dev.tiffin.deployment.config;

import dev.tiffin.contracts.status.DeploymentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every metric of the deployment-service (Prometheus names):
 *
 * <ul>
 *   <li>{@code tiffin_deployment_requests_processed_total{action,outcome}}: requests decided (accepted, rejected)
 *       or seen again (duplicate);
 *   <li>{@code tiffin_deployment_events_projected_total{type}}: events applied to the status projection;
 *   <li>{@code tiffin_deployment_status_changes_total{to}}: status changes published;
 *   <li>{@code tiffin_deployment_messages_dead_lettered_total{topic}}: unreadable messages sent to a DLQ, by the topic
 *       they came from;
 *   <li>{@code tiffin_deployment_dead_letter_records{topic}}: records waiting on each dead-letter topic (every service's
 *       DLQs, polled by {@code DeadLetterDepth});
 *   <li>{@code tiffin_deployment_outbox_published_total}: outbox rows published and acknowledged by Kafka;
 *   <li>{@code tiffin_deployment_outbox_backlog}: outbox rows not yet published;
 *   <li>{@code tiffin_deployment_deployments{status}}: live deployments by status;
 *   <li>{@code tiffin_deployment_unhealthy_deployment{deployment,namespace,cluster,status}}: 1 per deployment that is
 *       unhealthy or failed now (only those: the series of a deployment goes away once it recovers).
 * </ul>
 */
@ApplicationScoped
public class DeploymentMetrics {

    private final MeterRegistry registry;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final Map<DeploymentStatus, AtomicLong> byStatus = new EnumMap<>(DeploymentStatus.class);
    private final Counter outboxPublished;
    private final Map<String, AtomicLong> deadLetterRecords = new ConcurrentHashMap<>();
    private final Map<UnhealthyDeployment, Meter> unhealthy = new ConcurrentHashMap<>();

    /** A deployment in a status that needs attention (unhealthy, failed): the labels of its gauge. */
    public record UnhealthyDeployment(String cluster, String namespace, String deployment, String status) {}

    public DeploymentMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("tiffin.deployment.outbox.backlog", outboxBacklog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka")
                .register(registry);
        for (DeploymentStatus status : DeploymentStatus.values()) {
            if (status == DeploymentStatus.DELETED) {
                continue;
            }
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("tiffin.deployment.deployments", count, AtomicLong::get)
                    .description("Live deployments by status")
                    .tag("status", status.wire())
                    .register(registry);
        }
        outboxPublished = Counter.builder("tiffin.deployment.outbox.published")
                .description("Outbox rows published and acknowledged by Kafka")
                .register(registry);
    }

    public void requestProcessed(String action, String outcome) {
        Counter.builder("tiffin.deployment.requests.processed")
                .description("Deployment requests processed, by action and outcome (accepted, rejected, duplicate)")
                .tag("action", action)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public void eventProjected(String type) {
        Counter.builder("tiffin.deployment.events.projected")
                .description("Deployment events applied to the status projection")
                .tag("type", type)
                .register(registry)
                .increment();
    }

    public void statusChanged(String to) {
        Counter.builder("tiffin.deployment.status.changes")
                .description("Status changes published")
                .tag("to", to)
                .register(registry)
                .increment();
    }

    /** An unreadable message of {@code topic} went to its dead-letter topic. */
    public void deadLettered(String topic) {
        Counter.builder("tiffin.deployment.messages.dead_lettered")
                .description("Unreadable messages sent to a dead-letter topic")
                .tag("topic", topic)
                .register(registry)
                .increment();
    }

    public void outboxPublished(int rows) {
        outboxPublished.increment(rows);
    }

    public void outboxBacklog(long rows) {
        outboxBacklog.set(rows);
    }

    /** Sets the live-deployment gauges; statuses absent from {@code counts} are 0. */
    public void deploymentsByStatus(Map<String, Long> counts) {
        byStatus.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status.wire(), 0L)));
    }

    /** Sets the number of records waiting on a dead-letter topic (its gauge appears at the first value). */
    public void deadLetterRecords(String dlqTopic, long records) {
        deadLetterRecords
                .computeIfAbsent(dlqTopic, topic -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("tiffin.deployment.dead.letter.records", value, AtomicLong::get)
                            .description("Records waiting on a dead-letter topic (latest minus earliest offset)")
                            .tag("topic", topic)
                            .register(registry);
                    return value;
                })
                .set(records);
    }

    /**
     * Sets the deployments that are unhealthy or failed now: a gauge (value 1) for each, and the gauges of those no
     * longer in the set removed, so the series stay as few as the deployments that need attention.
     */
    public void unhealthyDeployments(Set<UnhealthyDeployment> now) {
        for (UnhealthyDeployment d : now) {
            unhealthy.computeIfAbsent(
                    d,
                    u -> Gauge.builder("tiffin.deployment.unhealthy.deployment", () -> 1)
                            .description("1 for each deployment that is unhealthy or failed now")
                            .tag("cluster", u.cluster())
                            .tag("namespace", u.namespace())
                            .tag("deployment", u.deployment())
                            .tag("status", u.status())
                            .register(registry));
        }
        unhealthy.keySet().removeIf(d -> {
            if (now.contains(d)) {
                return false;
            }
            registry.remove(unhealthy.get(d));
            return true;
        });
    }
}
