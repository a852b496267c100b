package dev.tiffin.gateway.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes the gateway's CloudEvents: deployment requests to {@code tiffin.deployment.requests} (key = deployment
 * id) and token events to {@code tiffin.access} (key = token id). A send completes when the broker acknowledged it
 * (acks=all, idempotent producer) and fails within {@code tiffin.kafka.send-timeout} when the broker is unreachable.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel("deployment-requests")
    MutinyEmitter<String> requests;

    @Inject
    @Channel("access")
    MutinyEmitter<String> access;

    @ConfigProperty(name = "tiffin.kafka.send-timeout", defaultValue = "6s")
    Duration sendTimeout;

    public Uni<Void> publishRequest(String key, CloudEvent event) {
        return send(requests, key, event);
    }

    public Uni<Void> publishAccess(String tokenId, CloudEvent event) {
        return send(access, tokenId, event);
    }

    private Uni<Void> send(MutinyEmitter<String> emitter, String key, CloudEvent event) {
        Message<String> message = Message.of(EventCodec.encode(event))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .build());
        return Uni.createFrom()
                .deferred(() -> emitter.sendMessage(message))
                .ifNoItem()
                .after(sendTimeout)
                .failWith(() -> new KafkaUnavailableException("no acknowledgement from Kafka within " + sendTimeout));
    }

    /** Kafka did not take a message. */
    public static class KafkaUnavailableException extends RuntimeException {
        public KafkaUnavailableException(String message) {
            super(message);
        }
    }
}
