package dev.tiffin.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * {@code Idempotency-Key} rules: the request id of a keyed write is derived from (token id, key), so a retry is the
 * same request; a key is remembered with the hash of its request for {@link #RETENTION}; reusing it for another
 * request is an error.
 */
public final class Idempotency {

    public static final Duration RETENTION = Duration.ofHours(24);
    public static final int MAX_KEY_LENGTH = 255;

    private Idempotency() {}

    /** The request id of the first use of {@code key} by {@code tokenId}: a name-based UUID, stable across retries. */
    public static String requestId(String tokenId, String key) {
        return UUID.nameUUIDFromBytes(("tiffin-idempotency\n" + tokenId + "\n" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The request id for a key reused after its memory expired: a new request, so a new id. */
    public static String renewedRequestId(String tokenId, String key, Instant now) {
        return UUID.nameUUIDFromBytes(("tiffin-idempotency\n" + tokenId + "\n" + key + "\n" + now.toEpochMilli())
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The fingerprint of a write: action, deployment and the canonical body (or its absence). */
    public static String requestHash(String action, String deploymentKey, String canonicalBody) {
        String text = action + "\n" + deploymentKey + "\n" + (canonicalBody == null ? "" : canonicalBody);
        return HexFormat.of().formatHex(TokenSecrets.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean isExpired(Instant rememberedAt, Instant now) {
        return !now.isBefore(rememberedAt.plus(RETENTION));
    }

    /** What a keyed write does given what is remembered for its key. */
    public sealed interface Outcome {
        /** First use (or the memory expired): remember and publish under {@code requestId}. */
        record Fresh(String requestId) implements Outcome {}

        /** A retry of the same request: publish again under the same id. */
        record Replay(String requestId) implements Outcome {}

        /** The key was used for a different request: 422. */
        record Mismatch(String requestId) implements Outcome {}
    }

    public record Remembered(String requestHash, String requestId, Instant createdAt) {}

    public static Outcome decide(String tokenId, String key, String requestHash, Remembered remembered, Instant now) {
        if (remembered == null) {
            return new Outcome.Fresh(requestId(tokenId, key));
        }
        if (isExpired(remembered.createdAt(), now)) {
            return new Outcome.Fresh(renewedRequestId(tokenId, key, now));
        }
        return remembered.requestHash().equals(requestHash)
                ? new Outcome.Replay(remembered.requestId())
                : new Outcome.Mismatch(remembered.requestId());
    }
}
