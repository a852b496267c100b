package dev.tiffin.gateway.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of {@code gateway.api_token}. */
@Entity
@Table(name = "api_token")
public class TokenEntity extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    @Column(columnDefinition = "bpchar(64)")
    public String hash;

    /** Comma-separated scope names. */
    public String scopes;

    /** Comma-separated deployment ids. */
    public String deployments;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
