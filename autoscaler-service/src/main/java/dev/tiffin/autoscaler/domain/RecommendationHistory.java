package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A recommendation history held in one primitive array, read as an immutable {@code List<Recommendation>}: two longs
 * per entry, the epoch second, then the nanosecond (high 32 bits) and the replica count (low 32 bits). The decision
 * function reads and writes the array directly ({@link Behaviors}); {@link #get} builds a {@link Recommendation} only
 * for readers of the list (JSON, the status endpoint, tests). One allocation per history instead of a list, an array
 * and two objects per entry, and the entries next to each other in memory: the live autoscaler evaluates every
 * component every second, and the cost of an evaluation is mostly reading its history.
 */
final class RecommendationHistory extends AbstractList<Recommendation> implements RandomAccess {

    static final RecommendationHistory EMPTY = new RecommendationHistory(new long[0], 0, 0);

    /**
     * The array the entries are in, from index {@code from} to {@code to} (exclusive): {@code [from + 2i]} the epoch second of entry i, {@code [from + 2i + 1]} its nanosecond << 32 | its replica count.
     * An {@link AutoscalerState} keeps its three histories in one array, next to each other.
     */
    final long[] slots;

    final int from;
    final int to;

    RecommendationHistory(long[] slots, int from, int to) {
        this.slots = slots;
        this.from = from;
        this.to = to;
    }

    /** The history of {@code list} (the same object when it already is one). */
    static RecommendationHistory of(List<Recommendation> list) {
        if (list instanceof RecommendationHistory history) {
            return history;
        }
        int size = list.size();
        if (size == 0) {
            return EMPTY;
        }
        long[] slots = new long[2 * size];
        int i = 0;
        for (Recommendation r : list) {
            Instant at = r.at();
            slots[i++] = at.getEpochSecond();
            slots[i++] = pack(at.getNano(), r.replicas());
        }
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

    /** Copies the entries to {@code dest} from index {@code at}; returns the index after them. */
    int copyTo(long[] dest, int at) {
        System.arraycopy(slots, from, dest, at, to - from);
        return at + to - from;
    }

    @Override
    public int size() {
        return (to - from) >> 1;
    }

    @Override
    public Recommendation get(int index) {
        Objects.checkIndex(index, size());
        long packed = slots[from + 2 * index + 1];
        return new Recommendation(replicas(packed), Instant.ofEpochSecond(slots[from + 2 * index], nano(packed)));
    }
}
