package dev.tiffin.deployment.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The id of an event already applied to the projection (or written by this service). */
@Entity
@Table(name = "processed_event")
public class ProcessedEventEntity extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "processed_at")
    public Instant processedAt;

    public static ProcessedEventEntity of(String eventId, Instant at) {
        ProcessedEventEntity e = new ProcessedEventEntity();
        e.eventId = eventId;
        e.processedAt = at;
        return e;
    }
}
