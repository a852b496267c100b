package dev.tiffin.gateway.persistence;

import dev.tiffin.gateway.domain.Idempotency;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** {@code Idempotency-Key} memory in schema {@code gateway}. */
@ApplicationScoped
public class IdempotencyStore {

    private static final Duration PURGE_EVERY = Duration.ofHours(1);
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>();

    /**
     * Decides a keyed write and remembers it when it is a fresh one, in one transaction. A concurrent first use of the
     * same key loses on the primary key and is retried once, then seen as a replay or a mismatch. Expired memories
     * are purged at most once an hour, on the way.
     */
    public Uni<Idempotency.Outcome> claim(String tokenId, String key, String requestHash, Instant now) {
        Uni<Long> purge = Uni.createFrom().item(0L);
        Instant last = lastPurge.get();
        if (last == null || now.isAfter(last.plus(PURGE_EVERY))) {
            lastPurge.set(now);
            purge = purgeExpired(now).onFailure().recoverWithItem(0L);
        }
        return purge.chain(() -> claimOnce(tokenId, key, requestHash, now))
                .onFailure(IdempotencyStore::isConstraintViolation)
                .recoverWithUni(() -> claimOnce(tokenId, key, requestHash, now));
    }

    private Uni<Idempotency.Outcome> claimOnce(String tokenId, String key, String requestHash, Instant now) {
        IdempotencyEntity.Key id = new IdempotencyEntity.Key(tokenId, key);
        return Panache.withTransaction(() -> IdempotencyEntity.<IdempotencyEntity>findById(id)
                .chain(row -> {
                    Idempotency.Remembered remembered = row == null
                            ? null
                            : new Idempotency.Remembered(row.requestHash, row.requestId, row.createdAt);
                    Idempotency.Outcome outcome = Idempotency.decide(tokenId, key, requestHash, remembered, now);
                    if (!(outcome instanceof Idempotency.Outcome.Fresh fresh)) {
                        return Uni.createFrom().item(outcome);
                    }
                    IdempotencyEntity e = row == null ? new IdempotencyEntity() : row;
                    e.id = id;
                    e.requestHash = requestHash;
                    e.requestId = fresh.requestId();
                    e.createdAt = now;
                    Uni<?> write = row == null ? e.persist() : Uni.createFrom().item(e);
                    return write.replaceWith(outcome);
                }));
    }

    /** Forgets a key whose request could not be published, so that nothing is half-applied. */
    public Uni<Void> forget(String tokenId, String key, String requestId) {
        return Panache.withTransaction(() -> IdempotencyEntity.delete(
                        "id.tokenId = ?1 and id.key = ?2 and requestId = ?3", tokenId, key, requestId))
                .replaceWithVoid();
    }

    /** Removes memories older than the retention. */
    public Uni<Long> purgeExpired(Instant now) {
        return Panache.withTransaction(
                () -> IdempotencyEntity.delete("createdAt < ?1", now.minus(Idempotency.RETENTION)));
    }

    private static boolean isConstraintViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getClass().getSimpleName().contains("ConstraintViolation")
                    || String.valueOf(c.getMessage()).contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }
}
