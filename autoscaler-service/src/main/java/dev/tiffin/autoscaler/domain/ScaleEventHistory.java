package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A scale-event history of one direction held in one primitive array, read as an immutable {@code List<ScaleEvent>}
 * (the layout of {@link RecommendationHistory}): two longs per event, the epoch second, then the outdated flag (bit
 * 62), the nanosecond (bits 32–61) and the replica change (low 32 bits). {@link #get} builds a {@link ScaleEvent} only
 * for readers of the list.
 */
final class ScaleEventHistory extends AbstractList<ScaleEvent> implements RandomAccess {

    static final ScaleEventHistory EMPTY = new ScaleEventHistory(new long[0], 0, 0);

    static final long OUTDATED = 1L << 62;
    private static final long NANO_MASK = (1L << 30) - 1;

    /**
     * The array the entries are in, from index {@code from} to {@code to} (exclusive): {@code [from + 2i]} the epoch second of event i, {@code [from + 2i + 1]} its flag, nanosecond and replica change.
     * An {@link AutoscalerState} keeps its three histories in one array, next to each other.
     */
    final long[] slots;

    final int from;
    final int to;

    ScaleEventHistory(long[] slots, int from, int to) {
        this.slots = slots;
        this.from = from;
        this.to = to;
    }

    /** The history of {@code list} (the same object when it already is one). */
    static ScaleEventHistory of(List<ScaleEvent> list) {
        if (list instanceof ScaleEventHistory history) {
            return history;
        }
        int size = list.size();
        if (size == 0) {
            return EMPTY;
        }
        long[] slots = new long[2 * size];
        int i = 0;
        for (ScaleEvent e : list) {
            Instant at = e.at();
            slots[i++] = at.getEpochSecond();
            slots[i++] = pack(at.getNano(), e.replicaChange(), e.outdated());
        }
        return new ScaleEventHistory(slots, 0, slots.length);
    }

    static long pack(int nano, int replicaChange, boolean outdated) {
        return (outdated ? OUTDATED : 0) | ((long) nano << 32) | (replicaChange & 0xFFFF_FFFFL);
    }

    static int nano(long packed) {
        return (int) ((packed >>> 32) & NANO_MASK);
    }

    static int replicaChange(long packed) {
        return (int) packed;
    }

    static boolean outdated(long packed) {
        return (packed & OUTDATED) != 0;
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
    public ScaleEvent get(int index) {
        Objects.checkIndex(index, size());
        long packed = slots[from + 2 * index + 1];
        return new ScaleEvent(
                replicaChange(packed), Instant.ofEpochSecond(slots[from + 2 * index], nano(packed)), outdated(packed));
    }
}
