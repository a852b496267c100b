package dev.tiffin.testsupport;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.EventData;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code tiffin.deployment.events} from the beginning in the background with a plain Kafka consumer, as any
 * other system would, and keeps every event it could read (by Kafka key = deployment id) for tests to assert on.
 */
public final class EventLog implements AutoCloseable {

    public record Seen(String key, CloudEvent event, EventData data) {}

    private final List<Seen> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger unreadableRecords = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    public EventLog(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEPLOYMENT_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(
                () -> {
                    try (consumer) {
                        while (running) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                                record(r);
                            }
                        }
                    }
                },
                "test-event-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Keeps a readable event; an unreadable record (a test's poison message) is skipped, as consumers must. */
    private void record(ConsumerRecord<String, String> r) {
        CloudEvent e;
        try {
            e = EventCodec.decode(r.value());
        } catch (RuntimeException unreadable) {
            unreadableRecords.incrementAndGet();
            return;
        }
        EventCodec.data(e).ifPresent(d -> events.add(new Seen(r.key(), e, d)));
    }

    /** How many records could not be read as events. */
    public int unreadable() {
        return unreadableRecords.get();
    }

    public <T extends EventData> List<T> of(String key, Class<T> type) {
        return events.stream()
                .filter(s -> s.key().equals(key) && type.isInstance(s.data()))
                .map(s -> type.cast(s.data()))
                .toList();
    }

    public List<Seen> all(String key) {
        return events.stream().filter(s -> s.key().equals(key)).toList();
    }

    @Override
    public void close() {
        running = false;
    }
}
