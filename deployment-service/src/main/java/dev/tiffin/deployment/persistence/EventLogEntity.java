package dev.tiffin.deployment.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One event of a deployment's bounded history (CloudEvent JSON). */
@Entity
@Table(name = "event_log")
public class EventLogEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deployment_key")
    public String deploymentKey;

    public String event;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    /**
     * Appends an event: one insert, nothing else on the write path. {@link EventLogTrimmer} keeps the log bounded
     * in the background.
     */
    public static Uni<Void> append(String deploymentKey, String eventJson, Instant at) {
        EventLogEntity e = new EventLogEntity();
        e.deploymentKey = deploymentKey;
        e.event = eventJson;
        e.recordedAt = at;
        return e.persist().replaceWithVoid();
    }

    /** The newest {@code limit} events, oldest first. */
    public static Uni<List<String>> recent(String deploymentKey, int limit) {
        return find("deploymentKey", Sort.descending("id"), deploymentKey)
                .range(0, limit - 1)
                .list()
                .map(rows -> {
                    List<String> events = new ArrayList<>();
                    for (Object row : rows) {
                        events.add(((EventLogEntity) row).event);
                    }
                    Collections.reverse(events);
                    return events;
                });
    }
}
