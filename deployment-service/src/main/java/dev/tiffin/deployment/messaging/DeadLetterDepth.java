package dev.tiffin.deployment.messaging;

import dev.tiffin.contracts.events.TopicSpec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.deployment.config.DeploymentMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * How many records wait on each dead-letter topic of {@link TopicSpec#all()} — every service's, not only the
 * deployment-service's: one poller for the whole system (ADR 0015). Every {@code tiffin.dead-letters.poll-interval}
 * (30 s) it asks the broker (Kafka Admin, the connection settings of the application's Kafka channels) for the earliest
 * and latest offset of each partition and exports latest − earliest per topic as
 * {@code tiffin_deployment_dead_letter_records{topic}}. Records removed with {@code kafka-delete-records} or by
 * retention move the earliest offset, so the gauge falls to 0 once a DLQ is cleared. A topic the broker does not have
 * (yet) has no series; a poll that fails keeps the last values.
 */
@ApplicationScoped
public class DeadLetterDepth {

    private static final Logger LOG = Logger.getLogger(DeadLetterDepth.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DeploymentMetrics metrics;
    private final Map<String, Object> kafkaConfig;
    private final String bootstrapServers;
    private final Duration interval;
    private final List<String> topics;
    private Admin admin;
    private ScheduledExecutorService scheduler;

    public DeadLetterDepth(
            DeploymentMetrics metrics,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "tiffin.dead-letters.poll-interval", defaultValue = "30s") Duration interval) {
        this.metrics = metrics;
        this.kafkaConfig = kafkaConfig;
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
        this.topics = TopicSpec.all().stream()
                .map(TopicSpec::name)
                .filter(name -> name.endsWith(Topics.DLQ_SUFFIX))
                .toList();
    }

    void start(@Observes StartupEvent ignored) {
        Map<String, Object> config = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "deployment-service-dead-letter-depth");
        admin = Admin.create(config);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiffin-dead-letter-depth");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    void poll() {
        try {
            Map<String, TopicDescription> described = new HashMap<>();
            for (var entry : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    described.put(entry.getKey(), entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    LOG.debugf("dead-letter topic %s not readable: %s", entry.getKey(), e.getCause());
                }
            }
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described
                    .values()
                    .forEach(d -> d.partitions().forEach(p -> {
                        TopicPartition tp = new TopicPartition(d.name(), p.partition());
                        earliest.put(tp, OffsetSpec.earliest());
                        latest.put(tp, OffsetSpec.latest());
                    }));
            Map<TopicPartition, ListOffsetsResultInfo> starts =
                    admin.listOffsets(earliest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Long> records = new HashMap<>();
            described.keySet().forEach(topic -> records.put(topic, 0L));
            ends.forEach((tp, end) -> records.merge(
                    tp.topic(), Math.max(0, end.offset() - starts.get(tp).offset()), Long::sum));
            records.forEach(metrics::deadLetterRecords);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("reading the dead-letter topics' offsets failed: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "reading the dead-letter topics' offsets failed");
        }
    }
}
