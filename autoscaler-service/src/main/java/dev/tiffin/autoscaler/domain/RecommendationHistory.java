package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.List;

/**
 * A recommendation history in one primitive array ({@link PackedHistory}): per entry the epoch second, then the
 * nanosecond (high 32 bits) and the replica count (low 32 bits).
 */
final class RecommendationHistory extends PackedHistory<Recommendation> {

    static final RecommendationHistory EMPTY = new RecommendationHistory(new long[0], 0, 0);

    RecommendationHistory(long[] slots, int from, int to) {
        super(slots, from, to);
    }

    /** The history of {@code list} (the same object when it already is one). */
    static RecommendationHistory of(List<Recommendation> list) {
        if (list instanceof RecommendationHistory history) {
            return history;
        }
        if (list.isEmpty()) {
            return EMPTY;
        }
        long[] slots = slotsOf(list, Recommendation::at, r -> pack(r.at().getNano(), r.replicas()));
        return new RecommendationHistory(slots, 0, slots.length);
    }

    /** A history of one entry. */
    static RecommendationHistory of(int replicas, long second, int nano) {
        return new RecommendationHistory(new long[] {second, pack(nano, replicas)}, 0, 2);
    }

    static long pack(int nano, int replicas) {
        return ((long) nano << 32) | (replicas & 0xFFFF_FFFFL);
    }

    static int nano(long packed) {
        return (int) (packed >>> 32);
    }

    static int replicas(long packed) {
        return (int) packed;
    }

    @Override
    Recommendation entry(long second, long packed) {
        return new Recommendation(replicas(packed), Instant.ofEpochSecond(second, nano(packed)));
    }
}
