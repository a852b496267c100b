package dev.tiffin.traffic.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Admission for one component: its ready replicas, one FIFO queue shared by all of them, and the limits of its
 * {@link ComponentPolicy}.
 *
 * <ul>
 *   <li>A request is dispatched at once to a replica with capacity (fewer than max_concurrency in flight), chosen by
 *       least outstanding requests over two random choices; otherwise it waits in the queue.
 *   <li>The queue is FIFO: while anyone waits, a new request waits behind them (capacity that frees up goes to the
 *       head of the queue first, in {@link #release}).
 *   <li>max_queue bounds the waiting requests; a request that finds the queue full is rejected at once.
 *   <li>With no ready replica at all (scaled to zero, or starting) a request waits (subject to max_queue) and the
 *       first such request of a cold start asks for an activation; the flag re-arms once a replica is ready.
 *   <li>A waiting request whose client went away is {@link #cancel cancelled}: it leaves the count at once and is
 *       skipped when it reaches the head.
 *   <li>{@link #expire} answers the requests that waited longer than the wait bound, oldest first.
 * </ul>
 *
 * <p>Not thread-safe: the owner serialises calls (the proxy holds one lock per component for a few microseconds).
 *
 * @param <W> the proxy's handle of a waiting request
 */
public final class ComponentQueue<W> {

    /** What became of a request offered to {@link #admit}. */
    public enum Outcome {
        DISPATCHED,
        QUEUED,
        REJECTED
    }

    /**
     * The answer of {@link #admit}: the replica for a dispatched request, the ticket of a queued one, and whether an
     * activation must be requested (first request of a cold start; also set on a rejection, so that a component with
     * {@code max_queue: 0} still wakes up).
     */
    public record Admission<W>(Outcome outcome, Replica replica, Ticket<W> ticket, boolean activate) {}

    /** A waiting request, to {@link #cancel} it. */
    public static final class Ticket<W> {
        private final W waiter;
        private final long enqueuedAt;
        private boolean done;

        Ticket(W waiter, long enqueuedAt) {
            this.waiter = waiter;
            this.enqueuedAt = enqueuedAt;
        }

        public W waiter() {
            return waiter;
        }
    }

    /** A waiting request that got a replica. */
    public record Dispatch<W>(W waiter, Replica replica) {}

    /** A waiting request that waited too long: {@code coldStart} when the component had no ready replica. */
    public record Expired<W>(W waiter, boolean coldStart) {}

    private final RandomGenerator random;
    private final ArrayDeque<Ticket<W>> queue = new ArrayDeque<>();
    private List<Replica> replicas = List.of();
    private ComponentPolicy policy;
    private int waiting;
    private int inFlight;
    private int highWater;
    private boolean activationRequested;

    public ComponentQueue(ComponentPolicy policy, RandomGenerator random) {
        this.policy = policy;
        this.random = random;
    }

    public ComponentPolicy policy() {
        return policy;
    }

    /** Requests waiting (not cancelled). */
    public int waiting() {
        return waiting;
    }

    /** Requests dispatched and not yet released. */
    public int inFlight() {
        return inFlight;
    }

    /** The most requests that ever waited at once. */
    public int highWater() {
        return highWater;
    }

    public List<Replica> replicas() {
        return replicas;
    }

    /** Offers a new request, arrived at {@code now} (monotonic nanoseconds). */
    public Admission<W> admit(W waiter, long now) {
        if (waiting == 0) {
            Replica r = pick(null);
            if (r != null) {
                take(r);
                return new Admission<>(Outcome.DISPATCHED, r, null, false);
            }
        }
        boolean activate = false;
        if (replicas.isEmpty() && !activationRequested) {
            activationRequested = true;
            activate = true;
        }
        if (!policy.queueUnlimited() && waiting >= policy.maxQueue()) {
            return new Admission<>(Outcome.REJECTED, null, null, activate);
        }
        Ticket<W> ticket = new Ticket<>(waiter, now);
        queue.addLast(ticket);
        waiting++;
        highWater = Math.max(highWater, waiting);
        return new Admission<>(Outcome.QUEUED, null, ticket, activate);
    }

    /**
     * Offers again a request that was dispatched to {@code failed} but could not reach it (connection refused: nothing
     * was sent). It goes to another replica with capacity, or to the head of the queue (it was admitted already, so
     * max_queue does not apply). {@code failed} must have been {@link #release released} first; null when the request
     * may go to any replica (its connection failed, not the replica).
     */
    public Admission<W> readmit(W waiter, Replica failed, long now) {
        Replica r = pick(failed);
        if (r != null) {
            take(r);
            return new Admission<>(Outcome.DISPATCHED, r, null, false);
        }
        Ticket<W> ticket = new Ticket<>(waiter, now);
        queue.addFirst(ticket);
        waiting++;
        highWater = Math.max(highWater, waiting);
        return new Admission<>(Outcome.QUEUED, null, ticket, false);
    }

    /** A request on {@code replica} finished; waiting requests that now fit are added to {@code out}, in order. */
    public void release(Replica replica, List<Dispatch<W>> out) {
        replica.outstanding--;
        inFlight--;
        drain(out);
    }

    /** The client of a waiting request went away: it leaves the queue. False when it was dispatched already. */
    public boolean cancel(Ticket<W> ticket) {
        if (ticket.done) {
            return false;
        }
        ticket.done = true;
        waiting--;
        if (waiting == 0) {
            queue.clear();
        }
        return true;
    }

    /**
     * The ready endpoints changed. Replicas keep their outstanding counts by address; the ones that left are dropped
     * from the pool (their requests in flight finish normally). Waiting requests that now fit go to {@code out}.
     */
    public void setReplicas(List<ReplicaAddress> addresses, List<Dispatch<W>> out) {
        Map<String, Replica> existing = new HashMap<>();
        for (Replica r : replicas) {
            existing.put(r.address(), r);
        }
        List<Replica> next = new ArrayList<>(addresses.size());
        for (ReplicaAddress a : addresses) {
            Replica r = existing.remove(a.address());
            next.add(r != null ? r : new Replica(a.host(), a.port()));
        }
        for (Replica gone : existing.values()) {
            gone.removed = true;
        }
        replicas = List.copyOf(next);
        if (!replicas.isEmpty()) {
            activationRequested = false;
        }
        drain(out);
    }

    /** A new revision changed the limits; waiting requests that now fit go to {@code out}. */
    public void setPolicy(ComponentPolicy policy, List<Dispatch<W>> out) {
        this.policy = policy;
        drain(out);
    }

    /** Removes the requests that have waited {@code maxWaitNanos} or more at {@code now}, oldest first. */
    public void expire(long now, long maxWaitNanos, List<Expired<W>> out) {
        while (!queue.isEmpty()) {
            Ticket<W> head = queue.peekFirst();
            if (head.done) {
                queue.pollFirst();
                continue;
            }
            if (now - head.enqueuedAt < maxWaitNanos) {
                break;
            }
            queue.pollFirst();
            head.done = true;
            waiting--;
            out.add(new Expired<>(head.waiter, replicas.isEmpty()));
        }
    }

    /** Removes every waiting request (the route went away); they are added to {@code out}. */
    public void drainAll(List<W> out) {
        Ticket<W> t;
        while ((t = queue.pollFirst()) != null) {
            if (!t.done) {
                t.done = true;
                out.add(t.waiter);
            }
        }
        waiting = 0;
    }

    private void drain(List<Dispatch<W>> out) {
        while (waiting > 0) {
            Replica r = pick(null);
            if (r == null) {
                return;
            }
            Ticket<W> t = queue.pollFirst();
            if (t.done) {
                continue;
            }
            t.done = true;
            waiting--;
            take(r);
            out.add(new Dispatch<>(t.waiter, r));
        }
        queue.clear(); // only cancelled tickets can be left
    }

    private void take(Replica r) {
        r.outstanding++;
        inFlight++;
    }

    private boolean hasCapacity(Replica r) {
        return policy.concurrencyUnlimited() || r.outstanding < policy.maxConcurrency();
    }

    /** Least outstanding of two random replicas; if both are full, the least loaded one with capacity, if any. */
    private Replica pick(Replica excluded) {
        List<Replica> pool = replicas;
        int n = pool.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            Replica only = pool.get(0);
            return only != excluded && hasCapacity(only) ? only : null;
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Replica a = pool.get(i);
        Replica b = pool.get(j);
        if (a == excluded) {
            a = b;
        } else if (b == excluded) {
            b = a;
        }
        Replica best = a.outstanding <= b.outstanding ? a : b;
        if (hasCapacity(best)) {
            return best;
        }
        Replica least = null;
        for (Replica r : pool) {
            if (r != excluded && hasCapacity(r) && (least == null || r.outstanding < least.outstanding)) {
                least = r;
            }
        }
        return least;
    }
}
