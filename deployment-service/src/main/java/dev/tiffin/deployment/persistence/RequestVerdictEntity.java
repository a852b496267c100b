package dev.tiffin.deployment.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The verdict of a processed request, and the verdict event's type and data (re-published for a repeated id). */
@Entity
@Table(name = "request_verdict")
public class RequestVerdictEntity extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public String requestId;

    @Column(name = "deployment_key")
    public String deploymentKey;

    public String verdict;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "event_data")
    public String eventData;

    @Column(name = "processed_at")
    public Instant processedAt;
}
