package dev.tiffin.autoscaler.messaging;

import dev.tiffin.autoscaler.config.AutoscalerMetrics;
import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.EventData;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tiffin.deployment.events} and {@code tiffin.metrics} in one channel (consumer group {@code
 * autoscaler-service}, one consumer per partition): both topics are keyed by deployment id and have the same partition
 * count, so the range assignor gives partition {@code p} of both to the same consumer, and a deployment's revisions,
 * replica reports and samples meet in the instance that owns its state. A message that cannot be read or processed
 * goes to {@code <its topic>.dlq} (with SmallRye's dead-letter headers) and the partition moves on. A message is
 * acknowledged when {@link LiveAutoscaler#handle} says its effects are safe (the throttled commit strategy commits an
 * offset once every message before it is acknowledged); the next message does not wait for that.
 */
@ApplicationScoped
public class AutoscalerConsumer {

    static final String CHANNEL = "autoscaler-in";
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Logger LOG = Logger.getLogger(AutoscalerConsumer.class);

    private final LiveAutoscaler autoscaler;
    private final Publisher publisher;
    private final AutoscalerMetrics metrics;

    public AutoscalerConsumer(LiveAutoscaler autoscaler, Publisher publisher, AutoscalerMetrics metrics) {
        this.autoscaler = autoscaler;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public CompletionStage<Void> consume(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record =
                message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        long publishedAt = record == null || record.getTimestamp() == null
                ? 0
                : record.getTimestamp().toEpochMilli();
        try {
            CloudEvent event = EventCodec.decode(message.getPayload());
            if (!LiveAutoscaler.HANDLED.contains(event.type())) {
                return message.ack(); // e.g. its own ScalingDecided: the envelope is read, the data is not
            }
            Optional<EventData> data = EventCodec.data(event);
            if (data.isEmpty()) {
                return message.ack();
            }
            CompletableFuture<Void> safe =
                    autoscaler.handle(data.get(), publishedAt).toCompletableFuture();
            if (safe.isDone()) {
                return message.ack();
            }
            // the next message goes on at once; this one is acknowledged (its offset may be committed) once its
            // decision is sent and the state it changed is written
            safe.whenComplete((x, error) -> message.ack());
            return DONE;
        } catch (RuntimeException e) {
            String topic = record == null ? "unknown" : record.getTopic();
            LOG.warnf("message of %s not processed, sent to %s.dlq: %s", topic, topic, e.getMessage());
            metrics.deadLettered(topic);
            if (record == null) {
                return message.ack();
            }
            return publisher
                    .deadLetter(
                            topic,
                            record.getKey() == null ? null : record.getKey().toString(),
                            message.getPayload(),
                            record.getPartition(),
                            record.getOffset(),
                            e)
                    .handle((meta, error) -> {
                        if (error != null) {
                            LOG.errorf(error, "dead letter of %s could not be written", topic);
                        }
                        return null;
                    })
                    .thenCompose(x -> message.ack());
        }
    }
}
