package dev.tiffin.traffic.proxy;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The response-start deadlines of the requests on one event loop, with one scheduled task of the event loop for all of them instead of
 * one per request (ADR 0011). Requests with the same timeout are kept in a lane in dispatch order, so a lane's head
 * has its earliest deadline; adding and removing are O(1) list operations, and the timer is armed for the earliest
 * head only. When a request ends in time it just leaves its lane: the timer stays armed and, when it fires, re-arms for
 * the lane's new head. Under steady load that is about one timer per timeout period and lane, not one per request.
 * The deadline is exact to the millisecond (the timer fires at it, not on a coarse tick).
 *
 * <p>Not thread-safe: used on its event loop only.
 */
final class Deadlines {

    /** A request with a deadline: linked into its lane while armed. */
    abstract static class Entry {
        private Lane lane;
        private Entry prev;
        private Entry next;
        private long deadline;

        /** Whether the entry waits for its deadline. */
        final boolean armed() {
            return lane != null;
        }

        /** The deadline passed; called once, on the event loop, after the entry left its lane. */
        abstract void deadlinePassed();
    }

    private static final class Lane {
        private Entry head;
        private Entry tail;
    }

    private final EventExecutor loop;
    private final Runnable fire = this::fire;
    private final Map<Long, Lane> lanes = new HashMap<>();
    private final List<Lane> order = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private long timerAt;

    /** The deadlines of the requests on {@code loop}; every call must come from that loop. */
    Deadlines(EventExecutor loop) {
        this.loop = loop;
    }

    /** Arms {@code entry} to be told when {@code timeoutNanos} have passed from {@code now} (monotonic nanoseconds). */
    void add(Entry entry, long timeoutNanos, long now) {
        if (entry.lane != null) {
            remove(entry);
        }
        Lane lane = lanes.get(timeoutNanos);
        if (lane == null) {
            lane = new Lane();
            lanes.put(timeoutNanos, lane);
            order.add(lane);
        }
        long deadline = now + timeoutNanos;
        entry.deadline = deadline;
        entry.lane = lane;
        entry.next = null;
        entry.prev = lane.tail;
        if (lane.tail == null) {
            lane.head = entry;
        } else {
            lane.tail.next = entry;
        }
        lane.tail = entry;
        if (timer == null || deadline - timerAt < 0) {
            arm(deadline, now);
        }
    }

    /** Disarms {@code entry} (no-op when it is not armed). */
    void remove(Entry entry) {
        Lane lane = entry.lane;
        if (lane == null) {
            return;
        }
        if (entry.prev == null) {
            lane.head = entry.next;
        } else {
            entry.prev.next = entry.next;
        }
        if (entry.next == null) {
            lane.tail = entry.prev;
        } else {
            entry.next.prev = entry.prev;
        }
        entry.lane = null;
        entry.prev = null;
        entry.next = null;
    }

    private void fire() {
        timer = null;
        long now = System.nanoTime();
        for (int i = 0; i < order.size(); i++) { // an expiry may add a lane (a request dispatched in its wake)
            Lane lane = order.get(i);
            Entry head;
            while ((head = lane.head) != null && now - head.deadline >= 0) {
                remove(head);
                head.deadlinePassed();
            }
        }
        rearm(System.nanoTime());
    }

    private void rearm(long now) {
        Long earliest = null;
        for (Lane lane : order) {
            if (lane.head != null && (earliest == null || lane.head.deadline - earliest < 0)) {
                earliest = lane.head.deadline;
            }
        }
        if (earliest != null && (timer == null || earliest - timerAt < 0)) {
            arm(earliest, now);
        }
    }

    private void arm(long deadline, long now) {
        if (timer != null) {
            timer.cancel(false);
        }
        long delayMillis = Math.max(1, (deadline - now + 999_999) / 1_000_000);
        timerAt = deadline;
        timer = loop.schedule(fire, delayMillis, TimeUnit.MILLISECONDS);
    }
}
