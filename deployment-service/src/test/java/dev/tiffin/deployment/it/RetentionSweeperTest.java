package dev.tiffin.deployment.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.deployment.persistence.OutboxEntity;
import dev.tiffin.deployment.persistence.ProcessedEventEntity;
import dev.tiffin.deployment.persistence.RetentionSweeper;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention sweep deletes published outbox rows and deduplication records once they are old, and never an
 * unpublished outbox row or a recent record.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class RetentionSweeperTest {

    private static final String TOPIC = "tiffin.test.retention";

    @Inject
    RetentionSweeper sweeper;

    @Test
    void oldDeliveryRecordsGoAndEverythingStillNeededStays() throws Throwable {
        Instant now = Instant.now();
        String oldEvent = "old-" + UUID.randomUUID();
        String recentEvent = "recent-" + UUID.randomUUID();
        Long[] ids = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            OutboxEntity oldPublished = OutboxEntity.of(TOPIC, "k", "{}", now.minus(Duration.ofHours(3)));
            oldPublished.publishedAt = now.minus(Duration.ofHours(2));
            OutboxEntity oldUnpublished = OutboxEntity.of(TOPIC, "k", "{}", now.minus(Duration.ofHours(3)));
            OutboxEntity recentPublished = OutboxEntity.of(TOPIC, "k", "{}", now.minus(Duration.ofMinutes(2)));
            recentPublished.publishedAt = now.minus(Duration.ofMinutes(1));
            return oldPublished
                    .persist()
                    .chain(() -> oldUnpublished.persist())
                    .chain(() -> recentPublished.persist())
                    .chain(() -> ProcessedEventEntity.of(oldEvent, now.minus(Duration.ofDays(8)))
                            .persist())
                    .chain(() -> ProcessedEventEntity.of(recentEvent, now.minus(Duration.ofDays(1)))
                            .persist())
                    .map(x -> new Long[] {oldPublished.id, oldUnpublished.id, recentPublished.id});
        }));

        RetentionSweeper.Swept swept = VertxContextSupport.subscribeAndAwait(() -> sweeper.sweep());

        assertThat(swept.outboxRows()).isGreaterThanOrEqualTo(1);
        assertThat(swept.processedEvents()).isGreaterThanOrEqualTo(1);
        assertThat(exists(OutboxEntity.class, ids[0]))
                .as("old published outbox row")
                .isFalse();
        assertThat(exists(OutboxEntity.class, ids[1]))
                .as("unpublished outbox row")
                .isTrue();
        assertThat(exists(OutboxEntity.class, ids[2]))
                .as("recently published outbox row")
                .isTrue();
        assertThat(exists(ProcessedEventEntity.class, oldEvent))
                .as("8-day-old processed id")
                .isFalse();
        assertThat(exists(ProcessedEventEntity.class, recentEvent))
                .as("1-day-old processed id")
                .isTrue();
    }

    private static boolean exists(Class<?> type, Object id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() ->
                        Panache.withSession(() -> Panache.getSession().chain(s -> s.find(type, id))))
                != null;
    }
}
