package dev.tiffin.rollout.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.rollout.executor.RolloutController;
import dev.tiffin.rollout.executor.RolloutMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tiffin.deployment.events} (consumer group {@code rollout-service}): revisions (roll out),
 * accepted terminate / delete / pause / resume / abort requests, and the autoscaler's scaling decisions; every other
 * event is ignored. The offset is committed once the controller has carried the input out (objects created, record
 * stored), so an input is never lost to a crash; an unreadable message goes to {@code tiffin.deployment.events.dlq}.
 */
@ApplicationScoped
public class DeploymentEventsConsumer {

    static final String CHANNEL = "deployment-events";
    private static final Logger LOG = Logger.getLogger(DeploymentEventsConsumer.class);

    private final RolloutController controller;
    private final RolloutMetrics metrics;

    public DeploymentEventsConsumer(RolloutController controller, RolloutMetrics metrics) {
        this.controller = controller;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(String payload) {
        CloudEvent event;
        Optional<EventData> data;
        try {
            event = EventCodec.decode(payload);
            data = EventCodec.data(event);
        } catch (UnreadableEventException e) {
            LOG.warnf("unreadable deployment event, sent to the dead-letter topic: %s", e.getMessage());
            metrics.deadLettered(Topics.DEPLOYMENT_EVENTS);
            return CompletableFuture.failedFuture(e);
        }
        if (data.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        EventData d = data.get();
        return controller.resumed().thenCompose(ready -> dispatch(d)).exceptionallyCompose(failure -> {
            LOG.errorf(failure, "event %s (%s) failed, sent to the dead-letter topic", event.id(), event.type());
            metrics.deadLettered(Topics.DEPLOYMENT_EVENTS);
            return CompletableFuture.failedFuture(failure);
        });
    }

    private CompletionStage<Void> dispatch(EventData data) {
        if (data instanceof RevisionCreated revision) {
            return controller.onRevision(revision);
        }
        if (data instanceof ScalingDecided decision) {
            return controller.onScaling(decision);
        }
        if (data instanceof DeploymentAccepted accepted && handles(accepted.action())) {
            return controller.onAccepted(accepted, null);
        }
        return CompletableFuture.completedFuture(null);
    }

    private static boolean handles(DeploymentAction action) {
        return action == DeploymentAction.terminate || action == DeploymentAction.delete || action.controlsRollout();
    }
}
