package dev.tiffin.deployment.persistence;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes what only served delivery and deduplication once it is old enough to be useless: outbox rows published
 * longer ago than {@code tiffin.retention.outbox} (default 1 h), processed event ids and stored request verdicts
 * older than {@code tiffin.retention.dedup} (default 7 d, longer than the gateway's 24 h Idempotency-Key memory).
 * Unpublished outbox rows are never deleted. Runs every {@code tiffin.retention.sweep-interval} (default 1 min).
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    /** What one sweep removed. */
    public record Swept(int outboxRows, int processedEvents, int verdicts) {}

    private final Pool pool;
    private final Clock clock;
    private final Duration outboxRetention;
    private final Duration dedupRetention;
    private final Duration interval;

    public RetentionSweeper(
            Pool pool,
            Clock clock,
            @ConfigProperty(name = "tiffin.retention.outbox", defaultValue = "1h") Duration outboxRetention,
            @ConfigProperty(name = "tiffin.retention.dedup", defaultValue = "7d") Duration dedupRetention,
            @ConfigProperty(name = "tiffin.retention.sweep-interval", defaultValue = "1m") Duration interval) {
        this.pool = pool;
        this.clock = clock;
        this.outboxRetention = outboxRetention;
        this.dedupRetention = dedupRetention;
        this.interval = interval;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        vertx.setPeriodic(
                interval.toMillis(),
                id -> sweep().subscribe()
                        .with(
                                swept -> LOG.debugf("retention sweep: %s", swept),
                                failure -> LOG.warnf("the retention sweep failed (retried): %s", failure.toString())));
    }

    public Uni<Swept> sweep() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime outboxCutoff = now.minus(outboxRetention);
        OffsetDateTime dedupCutoff = now.minus(dedupRetention);
        return delete(
                        "delete from deployments.outbox where published_at is not null and published_at < $1",
                        outboxCutoff)
                .chain(outbox -> delete("delete from deployments.processed_event where processed_at < $1", dedupCutoff)
                        .chain(events -> delete(
                                        "delete from deployments.request_verdict where processed_at < $1", dedupCutoff)
                                .map(verdicts -> new Swept(outbox, events, verdicts))));
    }

    private Uni<Integer> delete(String sql, OffsetDateTime cutoff) {
        return pool.preparedQuery(sql).execute(Tuple.of(cutoff)).map(rows -> rows.rowCount());
    }
}
