package dev.tiffin.deployment.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.deployment.persistence.EventLogEntity;
import dev.tiffin.deployment.persistence.EventLogTrimmer;
import dev.tiffin.testsupport.KafkaTestResource;
import dev.tiffin.testsupport.PostgresTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Appends are plain inserts; the trimmer bounds each deployment's history to its newest events, oldest dropped. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
class EventLogTrimmerTest {

    @Inject
    EventLogTrimmer trimmer;

    @ConfigProperty(name = "tiffin.event-log.size")
    int keep;

    @Test
    void theTrimKeepsTheNewestEventsOfEachDeploymentAndNoneOfTheOthersIsTouched() throws Throwable {
        String busy = "local/default/trim-" + UUID.randomUUID().toString().substring(0, 8);
        String quiet = "local/default/trim-" + UUID.randomUUID().toString().substring(0, 8);
        int extra = 7;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < keep + extra; i++) {
                String json = "{\"seq\":" + i + "}";
                chain = chain.chain(() -> EventLogEntity.append(busy, json, Instant.now()));
            }
            return chain.chain(() -> EventLogEntity.append(quiet, "{\"seq\":0}", Instant.now()));
        }));

        int removed = VertxContextSupport.subscribeAndAwait(() -> trimmer.trim());

        assertThat(removed).isGreaterThanOrEqualTo(extra);
        List<String> busyHistory = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> EventLogEntity.recent(busy, keep)));
        assertThat(busyHistory).hasSize(keep);
        assertThat(busyHistory.get(0)).isEqualTo("{\"seq\":" + extra + "}");
        assertThat(busyHistory.get(keep - 1)).isEqualTo("{\"seq\":" + (keep + extra - 1) + "}");
        assertThat(VertxContextSupport.subscribeAndAwait(
                        () -> Panache.withSession(() -> EventLogEntity.recent(quiet, keep))))
                .containsExactly("{\"seq\":0}");
        assertThat(VertxContextSupport.<Long>subscribeAndAwait(
                        () -> Panache.withSession(() -> EventLogEntity.count("deploymentKey", busy))))
                .isEqualTo((long) keep);
    }
}
