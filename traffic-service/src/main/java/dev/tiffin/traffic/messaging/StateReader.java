package dev.tiffin.traffic.messaging;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.events.data.TokenRevoked;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.domain.Routes;
import dev.tiffin.traffic.domain.TokenCache;
import dev.tiffin.traffic.proxy.RouteRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Rebuilds the traffic service's in-memory state from Kafka and keeps it current: the token cache from the compacted
 * {@code tiffin.access} and the routes from {@code tiffin.deployment.events} ({@code revision_created} of this
 * cluster, {@code workloads_removed}). Every instance needs all of it, so this is not a consumer group: one consumer
 * is assigned every partition of both topics and reads them from the beginning at each start (no offsets are
 * committed); the service is ready once it has caught up with the end offsets it saw at start-up. Polls return as soon
 * as a record arrives, so a revocation takes effect within milliseconds (well inside the one second allowed).
 *
 * <p>A record that cannot be read goes to {@code <topic>.dlq} (headers {@code dead-letter-*}, like SmallRye's) — only
 * records that arrived after start-up, since the replayed ones were dead-lettered by the run that first saw them; the
 * consumer never stops on a bad record.
 */
@ApplicationScoped
public class StateReader {

    private static final Logger LOG = Logger.getLogger(StateReader.class);
    private static final List<String> TOPICS = List.of(Topics.ACCESS, Topics.DEPLOYMENT_EVENTS);

    private final TokenCache tokens;
    private final RouteRegistry registry;
    private final TrafficConfig config;
    private final TrafficMetrics metrics;
    private final String bootstrap;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private KafkaProducer<String, String> deadLetters;
    private Map<TopicPartition, Long> startEnd = Map.of();

    public StateReader(
            TokenCache tokens,
            RouteRegistry registry,
            TrafficConfig config,
            TrafficMetrics metrics,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.tokens = tokens;
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
        this.bootstrap = bootstrap;
        metrics.tokens(tokens::size);
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "traffic-state-reader");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    /** Whether the state has caught up with what Kafka held at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "traffic-service-state");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "traffic-service-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaConsumer<String, String> kc = new KafkaConsumer<>(c);
                KafkaProducer<String, String> dlq = new KafkaProducer<>(p)) {
            consumer = kc;
            deadLetters = dlq;
            List<TopicPartition> partitions = partitions(kc);
            if (partitions.isEmpty()) {
                return;
            }
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            startEnd = kc.endOffsets(partitions);
            LOG.infof("reading %s from the beginning (%d partitions)", TOPICS, partitions.size());
            while (running) {
                ConsumerRecords<String, String> records = kc.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, String> r : records) {
                    handle(r);
                }
                if (!caughtUp && caughtUp(kc, partitions)) {
                    caughtUp = true;
                    registry.stateCaughtUp();
                    LOG.infof(
                            "caught up: %d routes, %d tokens", registry.routes().size(), tokens.size());
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.error("the state reader stopped", e);
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, String> kc) {
        while (running) {
            try {
                List<TopicPartition> all = new ArrayList<>();
                for (String topic : TOPICS) {
                    List<PartitionInfo> infos = kc.partitionsFor(topic, Duration.ofSeconds(5));
                    if (infos == null || infos.isEmpty()) {
                        throw new IllegalStateException("topic " + topic + " has no partitions (yet)");
                    }
                    infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
                }
                return all;
            } catch (WakeupException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.warnf("waiting for Kafka topics %s: %s", TOPICS, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return List.of();
                }
            }
        }
        return List.of();
    }

    private boolean caughtUp(KafkaConsumer<String, String> kc, List<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            if (kc.position(tp) < startEnd.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    void handle(ConsumerRecord<String, String> r) {
        try {
            if (Topics.ACCESS.equals(r.topic())) {
                access(r);
            } else {
                deployment(r);
            }
        } catch (RuntimeException e) {
            deadLetter(r, e);
        }
    }

    private void access(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                tokens.forgotten(r.key());
            }
            return;
        }
        CloudEvent event = EventCodec.decode(r.value());
        EventType type = EventType.byType(event.type()).orElse(null);
        if (type == EventType.TOKEN_CREATED) {
            tokens.created(EventCodec.dataAs(event, TokenCreated.class));
        } else if (type == EventType.TOKEN_REVOKED) {
            TokenRevoked revoked = EventCodec.dataAs(event, TokenRevoked.class);
            tokens.revoked(revoked);
            LOG.infof("token %s revoked", revoked.tokenId());
        }
    }

    private void deployment(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        CloudEvent event = EventCodec.decode(r.value());
        EventType type = EventType.byType(event.type()).orElse(null);
        if (type == EventType.REVISION_CREATED) {
            Routes.fromRevision(EventCodec.dataAs(event, RevisionCreated.class), config.cluster())
                    .ifPresent(registry::apply);
        } else if (type == EventType.WORKLOADS_REMOVED) {
            WorkloadsRemoved removed = EventCodec.dataAs(event, WorkloadsRemoved.class);
            if (removed.deployment() == null
                    || !config.cluster().equals(removed.deployment().cluster())) {
                return;
            }
            switch (Routes.removal(removed)) {
                case DELETE -> registry.remove(removed.deployment());
                case TERMINATE -> registry.terminate(removed.deployment());
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, String> r, RuntimeException e) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < startEnd.getOrDefault(tp, 0L)) {
            LOG.warnf(
                    "replayed record %s-%d@%d is unreadable (dead-lettered when it arrived): %s",
                    r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        LOG.warnf(
                "record %s-%d@%d cannot be processed, sent to %s: %s",
                r.topic(), r.partition(), r.offset(), Topics.dlq(r.topic()), e.getMessage());
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.dlq(r.topic()), r.key(), r.value());
        dead.headers()
                .add("dead-letter-reason", bytes(String.valueOf(e.getMessage())))
                .add("dead-letter-cause", bytes(e.getClass().getName()))
                .add("dead-letter-topic", bytes(r.topic()))
                .add("dead-letter-partition", bytes(Integer.toString(r.partition())))
                .add("dead-letter-offset", bytes(Long.toString(r.offset())));
        deadLetters.send(dead);
        metrics.deadLettered(r.topic());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
