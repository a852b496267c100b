package dev.tiffin.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tiffin.contracts.events.TopicSpec;
import dev.tiffin.contracts.events.Topics;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void recordRoundTripsThroughTheBroker() {
        // Given
        String bootstrap = EmbeddedKafka.bootstrapServers();
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            // When
            companion
                    .produceStrings()
                    .fromRecords(new ProducerRecord<>(Topics.DEPLOYMENT_REQUESTS, "local/default/iris", "hello"))
                    .awaitCompletion(Duration.ofSeconds(30));
            // Then
            ConsumerTask<String, String> consumed =
                    companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_REQUESTS, 1);
            List<ConsumerRecord<String, String>> records =
                    consumed.awaitCompletion(Duration.ofSeconds(30)).getRecords();
            assertEquals(1, records.size());
            assertEquals("local/default/iris", records.get(0).key());
            assertEquals("hello", records.get(0).value());
        }
    }

    @Test
    void tiffinTopicsExistWithTheirPartitionsAndConfigs() throws Exception {
        // Given
        String bootstrap = EmbeddedKafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // When
            List<String> names = TopicSpec.all().stream().map(TopicSpec::name).toList();
            Map<String, TopicDescription> described =
                    admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            ConfigResource access = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACCESS);
            Config accessConfig = admin.describeConfigs(List.of(access))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(access);
            // Then
            for (TopicSpec spec : TopicSpec.all()) {
                assertTrue(described.containsKey(spec.name()), spec.name() + " exists");
                assertEquals(
                        spec.partitions(),
                        described.get(spec.name()).partitions().size(),
                        spec.name() + " partitions");
            }
            assertEquals("compact", accessConfig.get("cleanup.policy").value());
        }
    }

    @Test
    void topicCreationIsIdempotent() {
        EmbeddedKafka.createTopics(EmbeddedKafka.bootstrapServers());
        EmbeddedKafka.createTopics(EmbeddedKafka.bootstrapServers());
    }
}
