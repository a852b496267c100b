package dev.tiffin.autoscaler.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.DeploymentId;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything the autoscaler writes to Kafka, through one idempotent producer that sends at once (no linger): its
 * events (key = deployment id), its state records and dead letters. A plain producer rather than a SmallRye emitter:
 * the topic differs per record and the state must be flushed synchronously when partitions are revoked.
 */
@ApplicationScoped
public class Publisher {

    public static final String SOURCE = "tiffin/autoscaler-service";

    private final KafkaProducer<String, String> producer;
    private final Clock clock;

    public Publisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, Clock clock) {
        this.clock = clock;
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "autoscaler-service-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** An event on its topic ({@link EventType#topic()}), key = the deployment id. */
    public CompletableFuture<RecordMetadata> event(DeploymentId deployment, EventData data) {
        CloudEvent event = EventCodec.wrap(SOURCE, deployment.key(), data, clock);
        return send(new ProducerRecord<>(
                EventType.of(data.getClass()).topic(), deployment.key(), EventCodec.encode(event)));
    }

    /** A record of the state topic (null value = tombstone). */
    public CompletableFuture<RecordMetadata> state(String topic, String key, String value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** A message this service could not process, to {@code <topic>.dlq}, with SmallRye's dead-letter headers. */
    public CompletableFuture<RecordMetadata> deadLetter(
            String topic, String key, String value, int partition, long offset, Throwable cause) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", bytes(String.valueOf(cause.getMessage())));
        headers.add("dead-letter-cause", bytes(cause.getClass().getName()));
        headers.add("dead-letter-topic", bytes(topic));
        headers.add("dead-letter-partition", bytes(Integer.toString(partition)));
        headers.add("dead-letter-offset", bytes(Long.toString(offset)));
        return send(new ProducerRecord<>(topic + ".dlq", null, key, value, headers));
    }

    public void flush() {
        producer.flush();
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, String> record) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
