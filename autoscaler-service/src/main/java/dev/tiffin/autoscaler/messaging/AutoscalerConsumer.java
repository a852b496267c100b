package dev.tiffin.autoscaler.messaging;

import dev.tiffin.autoscaler.config.AutoscalerMetrics;
import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.EventData;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code tiffin.deployment.events} and {@code tiffin.metrics} in one channel (consumer group {@code
 * autoscaler-service}, one consumer per partition): both topics are keyed by deployment id and have the same partition
 * count, so the range assignor gives partition {@code p} of both to the same consumer, and a deployment's revisions,
 * replica reports and samples meet in the instance that owns its state. A message that cannot be read or processed
 * goes to {@code <its topic>.dlq} (with SmallRye's dead-letter headers) and the partition moves on.
 */
@ApplicationScoped
public class AutoscalerConsumer {

    static final String CHANNEL = "autoscaler-in";
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
            Optional<EventData> data = EventCodec.data(event);
            data.ifPresent(d -> autoscaler.handle(d, publishedAt));
            return message.ack();
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
