package dev.tiffin.deployment.it;

import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.UnreadableEventException;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Reads and writes the real topics through a {@link KafkaCompanion}. */
final class KafkaEvents {

    private KafkaEvents() {}

    static void send(KafkaCompanion kafka, String topic, String key, String value) {
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(topic, key, value))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    /** Waits until at least {@code count} records of {@code topic} match, and returns the matching ones. */
    static List<ConsumerRecord<String, String>> awaitRecords(
            KafkaCompanion kafka, String topic, Predicate<ConsumerRecord<String, String>> matches, int count) {
        try (ConsumerTask<String, String> task = kafka.consumeStrings()
                .withGroupId("it-" + UUID.randomUUID())
                .withOffsetReset(OffsetResetStrategy.EARLIEST)
                .fromTopics(topic)) {
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> matching(task, matches).size() >= count);
            return matching(task, matches);
        }
    }

    /** The CloudEvents of {@code topic} that match, once at least {@code count} of them arrived. */
    static List<CloudEvent> awaitEvents(KafkaCompanion kafka, String topic, Predicate<CloudEvent> matches, int count) {
        List<CloudEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : awaitRecords(
                kafka, topic, r -> decode(r.value()).filter(matches).isPresent(), count)) {
            out.add(decode(r.value()).orElseThrow());
        }
        return out;
    }

    private static List<ConsumerRecord<String, String>> matching(
            ConsumerTask<String, String> task, Predicate<ConsumerRecord<String, String>> matches) {
        return new ArrayList<>(task.getRecords()).stream().filter(matches).toList();
    }

    static java.util.Optional<CloudEvent> decode(String value) {
        try {
            return java.util.Optional.of(EventCodec.decode(value));
        } catch (UnreadableEventException e) {
            return java.util.Optional.empty();
        }
    }

    static String text(CloudEvent e, String field) {
        return e.data().path(field).asText(null);
    }
}
