package dev.tiffin.deployment.persistence;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps each deployment's event history ({@code event_log}) to its newest {@code tiffin.event-log.size} events. Off
 * the write path: appends are single inserts, and this trims every {@code tiffin.event-log.trim-interval} in one
 * statement. Between two trims a history may briefly hold a few more events than the bound; readers ask for at most
 * the bound anyway.
 */
@ApplicationScoped
public class EventLogTrimmer {

    private static final Logger LOG = Logger.getLogger(EventLogTrimmer.class);
    private static final String TRIM = "delete from deployments.event_log e using (select id, row_number() over"
            + " (partition by deployment_key order by id desc) as rn from deployments.event_log) r"
            + " where e.id = r.id and r.rn > $1";

    private final Pool pool;
    private final int keep;
    private final Duration interval;

    public EventLogTrimmer(
            Pool pool,
            @ConfigProperty(name = "tiffin.event-log.size", defaultValue = "200") int keep,
            @ConfigProperty(name = "tiffin.event-log.trim-interval", defaultValue = "10s") Duration interval) {
        this.pool = pool;
        this.keep = keep;
        this.interval = interval;
    }

    void start(@Observes StartupEvent ignored, Vertx vertx) {
        vertx.setPeriodic(
                interval.toMillis(),
                id -> trim().subscribe()
                        .with(
                                removed -> {
                                    if (removed > 0) {
                                        LOG.debugf("trimmed %d events from deployment histories", removed);
                                    }
                                },
                                failure -> LOG.warnf(
                                        "trimming the event histories failed (retried): %s", failure.toString())));
    }

    /** Removes every event beyond the newest {@code keep} of its deployment; the number removed. */
    public io.smallrye.mutiny.Uni<Integer> trim() {
        return pool.preparedQuery(TRIM).execute(Tuple.of(keep)).map(rows -> rows.rowCount());
    }
}
