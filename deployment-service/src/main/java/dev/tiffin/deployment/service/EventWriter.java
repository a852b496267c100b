package dev.tiffin.deployment.service;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.deployment.persistence.EventLogEntity;
import dev.tiffin.deployment.persistence.OutboxEntity;
import dev.tiffin.deployment.persistence.ProcessedEventEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes an event of this service in the current transaction: to the outbox (published after commit by the relay),
 * to the deployment's event log, and as processed (the projection already applied it when it comes back from Kafka).
 */
@ApplicationScoped
public class EventWriter {

    /** The CloudEvents {@code source} of every event this service publishes. */
    public static final String SOURCE = "tiffin/deployment-service";

    private final Clock clock;

    public EventWriter(Clock clock) {
        this.clock = clock;
    }

    public Uni<CloudEvent> write(DeploymentId deployment, EventData data) {
        CloudEvent event = EventCodec.wrap(SOURCE, deployment.key(), data, clock);
        String json = EventCodec.encode(event);
        Instant now = clock.instant();
        String topic = EventType.of(data.getClass()).topic();
        return OutboxEntity.of(topic, deployment.key(), json, now)
                .persist()
                .chain(() -> ProcessedEventEntity.of(event.id(), now).persist())
                .chain(() -> EventLogEntity.append(deployment.key(), json, now))
                .replaceWith(event);
    }

    /** Appends an event another service published to the deployment's history. */
    public Uni<Void> log(DeploymentId deployment, String eventJson) {
        return EventLogEntity.append(deployment.key(), eventJson, clock.instant());
    }
}
