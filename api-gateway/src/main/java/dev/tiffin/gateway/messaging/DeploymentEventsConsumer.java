package dev.tiffin.gateway.messaging;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.gateway.config.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads {@code tiffin.deployment.events} in a consumer group of its own (every gateway instance sees every event,
 * from the latest offset) and hands each event to the {@link EventHub}. The gateway only observes: an unreadable
 * message is skipped (the deployment-service, which owns the projection, dead-letters it).
 */
@ApplicationScoped
public class DeploymentEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DeploymentEventsConsumer.class);

    private final EventHub hub;
    private final GatewayMetrics metrics;

    public DeploymentEventsConsumer(EventHub hub, GatewayMetrics metrics) {
        this.hub = hub;
        this.metrics = metrics;
    }

    @Incoming("deployment-events")
    public void consume(String json) {
        metrics.deploymentEvent();
        try {
            hub.dispatch(EventCodec.decode(json));
        } catch (UnreadableEventException e) {
            LOG.debugf("skipping an unreadable message on tiffin.deployment.events: %s", e.getMessage());
        }
    }
}
