package dev.tiffin.deployment.messaging;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.service.ProjectionService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes every event of {@code tiffin.deployment.events} (consumer group {@code deployment-service-projection}) into
 * the status projection. An unreadable message goes to {@code tiffin.deployment.events.dlq}; the partition moves on.
 */
@ApplicationScoped
public class DeploymentEventsConsumer {

    static final String CHANNEL = "deployment-events";
    private static final Logger LOG = Logger.getLogger(DeploymentEventsConsumer.class);

    private final ProjectionService projection;
    private final OutboxRelay relay;
    private final DeploymentMetrics metrics;
    private final DeploymentGaugeRefresher gauges;

    public DeploymentEventsConsumer(
            ProjectionService projection,
            OutboxRelay relay,
            DeploymentMetrics metrics,
            DeploymentGaugeRefresher gauges) {
        this.projection = projection;
        this.relay = relay;
        this.metrics = metrics;
        this.gauges = gauges;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        Optional<ProjectionService.Readable> event;
        try {
            event = ProjectionService.read(EventCodec.decode(payload));
        } catch (UnreadableEventException e) {
            LOG.warnf("unreadable deployment event, sent to the dead-letter topic: %s", e.getMessage());
            metrics.deadLettered(Topics.DEPLOYMENT_EVENTS);
            return Uni.createFrom().failure(e);
        }
        if (event.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> projection.handle(event.get(), payload))
                .onFailure()
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(5)
                .onFailure()
                .invoke(t -> {
                    LOG.errorf(
                            t,
                            "event %s failed, sent to the dead-letter topic",
                            event.get().event().id());
                    metrics.deadLettered(Topics.DEPLOYMENT_EVENTS);
                })
                .invoke(relay::signal)
                .invoke(gauges::refreshSoon);
    }
}
