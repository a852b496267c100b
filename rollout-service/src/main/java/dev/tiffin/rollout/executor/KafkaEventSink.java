package dev.tiffin.rollout.executor;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.DeploymentId;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the rollout's events on {@code tiffin.deployment.events} (key = deployment id, CloudEvents source
 * {@code rollout-service}). Sends are asynchronous and keep their order per key (one producer, idempotent); a send
 * that fails after the producer's retries is logged, and the decision that made it is taken again on the next event
 * of the deployment only if it is still pending (steps: see ADR 0007).
 */
public final class KafkaEventSink implements EventSink {

    public static final String SOURCE = "rollout-service";
    private static final Logger LOG = Logger.getLogger(KafkaEventSink.class);

    private final MutinyEmitter<String> emitter;
    private final Clock clock;

    public KafkaEventSink(MutinyEmitter<String> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    @Override
    public void publish(DeploymentId deployment, String eventId, EventData data) {
        String payload = EventCodec.encode(EventCodec.wrap(eventId, SOURCE, deployment.key(), data, clock));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(EventType.of(data.getClass()).topic())
                .withKey(deployment.key())
                .build();
        emitter.sendMessage(Message.of(payload).addMetadata(metadata))
                .subscribe()
                .with(
                        ok -> {},
                        failure -> LOG.errorf(
                                "event %s (%s) for %s not published: %s",
                                eventId, data.getClass().getSimpleName(), deployment.key(), failure.toString()));
    }
}
