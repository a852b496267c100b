package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.List;

/**
 * A scale-event history of one direction in one primitive array ({@link PackedHistory}): per event the epoch second,
 * then the outdated flag (bit 62), the nanosecond (bits 32–61) and the replica change (low 32 bits).
 */
final class ScaleEventHistory extends PackedHistory<ScaleEvent> {

    static final ScaleEventHistory EMPTY = new ScaleEventHistory(new long[0], 0, 0);

    static final long OUTDATED = 1L << 62;
    private static final long NANO_MASK = (1L << 30) - 1;

    ScaleEventHistory(long[] slots, int from, int to) {
        super(slots, from, to);
    }

    /** The history of {@code list} (the same object when it already is one). */
    static ScaleEventHistory of(List<ScaleEvent> list) {
        if (list instanceof ScaleEventHistory history) {
            return history;
        }
        if (list.isEmpty()) {
            return EMPTY;
        }
        long[] slots = slotsOf(list, ScaleEvent::at, e -> pack(e.at().getNano(), e.replicaChange(), e.outdated()));
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

    @Override
    ScaleEvent entry(long second, long packed) {
        return new ScaleEvent(replicaChange(packed), Instant.ofEpochSecond(second, nano(packed)), outdated(packed));
    }
}
