package dev.tiffin.autoscaler.state;

import dev.tiffin.autoscaler.config.AutoscalerConfig;
import dev.tiffin.autoscaler.messaging.Publisher;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.json.TiffinJson;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

/**
 * The autoscaler's durable state: a compacted topic ({@code tiffin.autoscaler.state}, key = deployment id, value =
 * {@link StoredDeployment} JSON, null = forgotten), created at start with the partition count of {@code
 * tiffin.deployment.events}. A reader thread follows the whole topic into an in-memory view: the owner of a partition
 * loads its deployments from the view once it has read up to the topic's end, and any instance answers status queries
 * for deployments it does not own from it.
 */
@ApplicationScoped
public class StateLog {

    private static final Logger LOG = Logger.getLogger(StateLog.class);

    private final AutoscalerConfig config;
    private final Publisher publisher;
    private final Map<String, Object> kafka;
    private final Map<String, String> view = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile int eventPartitions;
    private volatile KafkaConsumer<String, String> reader;
    private volatile Thread thread;
    private volatile boolean running;

    public StateLog(
            AutoscalerConfig config,
            Publisher publisher,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        this.publisher = publisher;
        this.kafka = kafka;
    }

    /** Creates the topic if needed and starts following it (idempotent). */
    public synchronized void start() {
        if (running) {
            return;
        }
        Map<String, Object> common = new HashMap<>();
        common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(common)) {
            eventPartitions = admin.describeTopics(List.of(Topics.DEPLOYMENT_EVENTS))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(Topics.DEPLOYMENT_EVENTS)
                    .partitions()
                    .size();
            NewTopic topic = new NewTopic(config.state().topic(), Optional.of(eventPartitions), Optional.empty())
                    .configs(Map.of(
                            "cleanup.policy", "compact",
                            "segment.ms", "3600000",
                            "min.cleanable.dirty.ratio", "0.1"));
            try {
                admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing the state topic", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot prepare the state topic " + config.state().topic(), e);
        }
        Map<String, Object> consumer = new HashMap<>(common);
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "autoscaler-service-state-reader");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        reader = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = reader.partitionsFor(config.state().topic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        running = true;
        thread = new Thread(() -> follow(partitions), "autoscaler-state-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(List<TopicPartition> partitions) {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    if (r.key() == null) {
                        continue;
                    }
                    if (r.value() == null) {
                        view.remove(r.key());
                    } else {
                        view.put(r.key(), r.value());
                    }
                }
                for (TopicPartition tp : partitions) {
                    positions.put(tp, reader.position(tp));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.errorf(e, "the state topic reader stopped");
        } finally {
            reader.close();
        }
    }

    /** The partition of {@code tiffin.deployment.events} (and so of the consumer) a deployment id belongs to. */
    public int partitionOf(String key) {
        start();
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % eventPartitions;
    }

    /**
     * The stored deployments of the given partitions (of {@code tiffin.deployment.events}), once the view has read
     * the state topic up to its end as it is now (at most the load timeout; then what has been read).
     */
    public Map<String, StoredDeployment> load(java.util.Set<Integer> partitions) {
        start();
        awaitCaughtUp();
        Map<String, StoredDeployment> loaded = new HashMap<>();
        view.forEach((key, json) -> {
            if (partitions.contains(partitionOf(key))) {
                decode(key, json).ifPresent(d -> loaded.put(key, d));
            }
        });
        return loaded;
    }

    /** The stored state of one deployment (possibly written by another instance; at most a snapshot interval old). */
    public Optional<StoredDeployment> read(String key) {
        String json = view.get(key);
        return json == null ? Optional.empty() : decode(key, json);
    }

    public CompletableFuture<RecordMetadata> write(StoredDeployment deployment) {
        return write(deployment.id().key(), encode(deployment));
    }

    /** The record value of a deployment's state (JSON): the costly half of {@link #write(StoredDeployment)}. */
    public String encode(StoredDeployment deployment) {
        return TiffinJson.write(deployment);
    }

    /** Sends an {@link #encode encoded} state. */
    public CompletableFuture<RecordMetadata> write(String key, String encoded) {
        return publisher.state(config.state().topic(), key, encoded);
    }

    public CompletableFuture<RecordMetadata> forget(String key) {
        view.remove(key);
        return publisher.state(config.state().topic(), key, null);
    }

    private void awaitCaughtUp() {
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, String> probe = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG),
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "autoscaler-service-state-probe"),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = probe.partitionsFor(config.state().topic()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            ends = probe.endOffsets(partitions);
        }
        long deadline = System.nanoTime() + config.state().loadTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp =
                    ends.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
            if (caughtUp) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warnf(
                "the state topic was not read to its end within %s; loading what was read",
                config.state().loadTimeout());
    }

    private static Optional<StoredDeployment> decode(String key, String json) {
        try {
            return Optional.of(TiffinJson.mapper().readValue(json, StoredDeployment.class));
        } catch (Exception e) {
            LOG.warnf("unreadable state of %s ignored: %s", key, e.getMessage());
            return Optional.empty();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, String> r = reader;
        if (r != null) {
            r.wakeup();
        }
    }
}
