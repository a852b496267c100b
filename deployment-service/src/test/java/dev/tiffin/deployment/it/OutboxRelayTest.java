package dev.tiffin.deployment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.Topics;
import dev.tiffin.deployment.persistence.OutboxEntity;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A crash between commit and publish loses nothing: rows committed but never signalled are published by the sweep. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class OutboxRelayTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void rows_left_unpublished_are_published_by_the_sweep_in_order() throws Throwable {
        String key = "it-local/default/outbox-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            payloads.add("{\"marker\":\"" + key + "\",\"n\":" + i + "}");
        }
        // written as a transaction would, but the relay is never woken: only the periodic sweep can find them
        // (on tiffin.metrics, which this service does not consume, so that the test payloads stay out of its way)
        List<Long> ids = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            List<OutboxEntity> rows = payloads.stream()
                    .map(p -> OutboxEntity.of(Topics.METRICS, key, p, Instant.now()))
                    .toList();
            return OutboxEntity.persist(rows)
                    .replaceWith(() -> rows.stream().map(r -> r.id).toList());
        }));

        List<ConsumerRecord<String, String>> published =
                KafkaEvents.awaitRecords(kafka, Topics.METRICS, r -> key.equals(r.key()), 3);

        assertThat(published).extracting(ConsumerRecord::value).containsExactlyElementsOf(payloads);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            long unpublished = VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withSession(() -> OutboxEntity.count("id in ?1 and publishedAt is null", ids)));
            assertThat(unpublished).isZero();
        });
    }
}
