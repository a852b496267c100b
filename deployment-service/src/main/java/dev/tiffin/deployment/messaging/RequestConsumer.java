package dev.tiffin.deployment.messaging;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.service.RequestService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tiffin.deployment.requests}. Each request is decided in one transaction; the relay is woken after
 * the commit. An unreadable message fails at once (the connector sends it to {@code tiffin.deployment.requests.dlq});
 * any other failure (the database) is retried a few times before it goes there too.
 */
@ApplicationScoped
public class RequestConsumer {

    static final String CHANNEL = "deployment-requests";
    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    private final RequestService requests;
    private final OutboxRelay relay;
    private final DeploymentMetrics metrics;

    public RequestConsumer(RequestService requests, OutboxRelay relay, DeploymentMetrics metrics) {
        this.requests = requests;
        this.relay = relay;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(String payload) {
        DeploymentRequested request;
        try {
            request = RequestService.readRequest(EventCodec.decode(payload));
        } catch (UnreadableEventException e) {
            LOG.warnf("unreadable deployment request, sent to the dead-letter topic: %s", e.getMessage());
            metrics.deadLettered(Topics.DEPLOYMENT_REQUESTS);
            return Uni.createFrom().failure(e);
        }
        return Panache.withTransaction(() -> requests.handle(request))
                .onFailure(t -> !(t instanceof UnreadableEventException))
                .retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(5)
                .onFailure()
                .invoke(t -> {
                    LOG.errorf(t, "request %s failed, sent to the dead-letter topic", request.requestId());
                    metrics.deadLettered(Topics.DEPLOYMENT_REQUESTS);
                })
                .invoke(relay::signal);
    }
}
