package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A history held in one primitive array, read as an immutable {@code List<E>}: two longs per entry, the epoch second,
 * then a long the subclass packs the rest of the entry into (ADR 0012). The decision function reads and writes the
 * array directly ({@link Behaviors}); {@link #get} builds an {@code E} only for readers of the list (JSON, the status
 * endpoint, tests). One allocation per history instead of a list, an array and two objects per entry, and the entries
 * next to each other in memory: the live autoscaler evaluates every component every second, and the cost of an
 * evaluation is mostly reading its histories.
 */
abstract class PackedHistory<E> extends AbstractList<E> implements RandomAccess {

    /**
     * The array the entries are in, from index {@code from} to {@code to} (exclusive): {@code [from + 2i]} the epoch
     * second of entry i, {@code [from + 2i + 1]} the rest of it, packed. An {@link AutoscalerState} keeps its three
     * histories in one array, next to each other.
     */
    final long[] slots;

    final int from;
    final int to;

    PackedHistory(long[] slots, int from, int to) {
        this.slots = slots;
        this.from = from;
        this.to = to;
    }

    /** The slots of {@code list}: each entry's epoch second (from {@code at}), then {@code packed}. */
    static <E> long[] slotsOf(List<E> list, Function<E, Instant> at, ToLongFunction<E> packed) {
        long[] slots = new long[2 * list.size()];
        int i = 0;
        for (E e : list) {
            slots[i++] = at.apply(e).getEpochSecond();
            slots[i++] = packed.applyAsLong(e);
        }
        return slots;
    }

    /** The entry of this epoch second and packed rest. */
    abstract E entry(long second, long packed);

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
    public E get(int index) {
        Objects.checkIndex(index, size());
        return entry(slots[from + 2 * index], slots[from + 2 * index + 1]);
    }
}
