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
import java.util.List;

/** A message to publish, written in the transaction of the state it describes; published_at set after the ack. */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;

    public static OutboxEntity of(String topic, String key, String payload, Instant at) {
        OutboxEntity e = new OutboxEntity();
        e.topic = topic;
        e.messageKey = key;
        e.payload = payload;
        e.createdAt = at;
        return e;
    }

    /** The oldest unpublished rows, in the order they were written. */
    public static Uni<List<OutboxEntity>> unpublished(int limit) {
        return find("publishedAt is null", Sort.ascending("id"))
                .range(0, limit - 1)
                .list();
    }

    public static Uni<Integer> markPublished(List<Long> ids, Instant at) {
        return update("publishedAt = ?1 where id in ?2", at, ids);
    }

    public static Uni<Long> backlog() {
        return count("publishedAt is null");
    }
}
