package dev.tiffin.rollout.executor;

import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.DeploymentId;

/** Where the rollout's events go ({@code tiffin.deployment.events} in production). Sends keep their order per key. */
public interface EventSink {

    void publish(DeploymentId deployment, String eventId, EventData data);
}
