package dev.tiffin.deployment.config;

import dev.tiffin.contracts.status.DeploymentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every metric of the deployment-service (Prometheus names):
 *
 * <ul>
 *   <li>{@code tiffin_deployment_requests_processed_total{action,outcome}}: requests decided (accepted, rejected)
 *       or seen again (duplicate);
 *   <li>{@code tiffin_deployment_events_projected_total{type}}: events applied to the status projection;
 *   <li>{@code tiffin_deployment_status_changes_total{to}}: status changes published;
 *   <li>{@code tiffin_deployment_messages_dead_lettered_total{channel}}: unreadable messages sent to a DLQ;
 *   <li>{@code tiffin_deployment_outbox_published_total}: outbox rows published and acknowledged by Kafka;
 *   <li>{@code tiffin_deployment_outbox_backlog}: outbox rows not yet published;
 *   <li>{@code tiffin_deployment_deployments{status}}: live deployments by status.
 * </ul>
 */
@ApplicationScoped
public class DeploymentMetrics {

    private final MeterRegistry registry;
    private final AtomicLong outboxBacklog = new AtomicLong();
    private final Map<DeploymentStatus, AtomicLong> byStatus = new EnumMap<>(DeploymentStatus.class);
    private final Counter outboxPublished;

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

    public void deadLettered(String channel) {
        Counter.builder("tiffin.deployment.messages.dead_lettered")
                .description("Unreadable messages sent to a dead-letter topic")
                .tag("channel", channel)
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
}
