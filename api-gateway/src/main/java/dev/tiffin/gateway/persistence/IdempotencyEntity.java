package dev.tiffin.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** Row of {@code gateway.idempotency_key}. */
@Entity
@Table(name = "idempotency_key")
public class IdempotencyEntity extends PanacheEntityBase {

    @EmbeddedId
    public Key id;

    @Column(name = "request_hash", columnDefinition = "bpchar(64)")
    public String requestHash;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public Instant createdAt;

    /** (token id, Idempotency-Key). */
    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "token_id")
        public String tokenId;

        @Column(name = "key")
        public String key;

        public Key() {}

        public Key(String tokenId, String key) {
            this.tokenId = tokenId;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tokenId, k.tokenId) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tokenId, key);
        }
    }
}
