package dev.tiffin.deployment.it;

import static dev.tiffin.deployment.it.KafkaEvents.send;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.Topics;
import dev.tiffin.testsupport.EmbeddedKafka;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code tiffin_deployment_dead_letter_records} follows what waits on a dead-letter topic of the real broker: records
 * produced to it count, records deleted from it stop counting. {@code tiffin.access.dlq} is used because nothing in
 * this module writes to it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class DeadLetterDepthTest {

    private static final String DLQ = Topics.dlq(Topics.ACCESS);
    private static final String SERIES = "tiffin_deployment_dead_letter_records{topic=\"" + DLQ + "\"}";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void theGaugeCountsTheRecordsWaitingOnADeadLetterTopic() throws Exception {
        // Given
        clear(DLQ);
        awaitGauge(0);
        for (int i = 0; i < 3; i++) {
            send(kafka, DLQ, "t" + i, "{\"unreadable\": " + i + "}");
        }

        // When
        awaitGauge(3);
        clear(DLQ);

        // Then
        awaitGauge(0);
    }

    @Test
    void aDeadLetteredRequestIsCountedByTheTopicItCameFrom() {
        OptionalDouble before = MetricsPage.value(deadLettered(Topics.DEPLOYMENT_REQUESTS));

        send(kafka, Topics.DEPLOYMENT_REQUESTS, "x/y/z", "{\"not\": \"a cloud event\" ");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> MetricsPage.value(deadLettered(Topics.DEPLOYMENT_REQUESTS))
                                .orElse(0)
                        > before.orElse(0));
    }

    private static String deadLettered(String topic) {
        return "tiffin_deployment_messages_dead_lettered_total{topic=\"" + topic + "\"}";
    }

    private static void awaitGauge(double expected) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> MetricsPage.value(SERIES).equals(OptionalDouble.of(expected)));
    }

    /** kafka-delete-records up to the end of the topic's partition. */
    private static void clear(String topic) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get()
                    .offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end)))
                    .all()
                    .get();
        }
    }
}
