package dev.tiffin.traffic.proxy;

import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.traffic.TrafficMetrics.ComponentMeters;
import dev.tiffin.traffic.domain.ComponentPolicy;
import dev.tiffin.traffic.domain.ComponentQueue;
import dev.tiffin.traffic.domain.ComponentQueue.Admission;
import dev.tiffin.traffic.domain.ComponentQueue.Dispatch;
import dev.tiffin.traffic.domain.ComponentQueue.Expired;
import dev.tiffin.traffic.domain.ComponentQueue.Ticket;
import dev.tiffin.traffic.domain.Replica;
import dev.tiffin.traffic.domain.ReplicaAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * One component's {@link ComponentQueue} behind a lock, with its meters and the counters of the current metering
 * window. Calls come from every event loop, the endpoints watcher and the Kafka consumer; the lock is held only for the
 * queue operation, and the requests it hands out are dispatched after it is released, each on its own event loop.
 */
public final class ComponentGate {

    private final DeploymentId deployment;
    private final String component;
    private final ComponentQueue<Exchange> queue;
    private final LongAdder arrivals = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private ComponentMeters meters;
    /** The policy's timeout, read on every dispatch without taking the lock. */
    private volatile long timeoutNanos;

    ComponentGate(DeploymentId deployment, String component, ComponentPolicy policy, long seed) {
        this.deployment = deployment;
        this.component = component;
        this.queue = new ComponentQueue<>(policy, new SplittableRandom(seed));
        this.timeoutNanos = timeoutNanos(policy);
    }

    private static long timeoutNanos(ComponentPolicy policy) {
        return Math.max(1_000_000L, policy.timeout().toNanos());
    }

    /** The response-start timeout of the current policy, in nanoseconds (at least 1 ms). */
    long timeoutNanos() {
        return timeoutNanos;
    }

    void meters(ComponentMeters meters) {
        this.meters = meters;
    }

    public DeploymentId deployment() {
        return deployment;
    }

    public String component() {
        return component;
    }

    public ComponentMeters meters() {
        return meters;
    }

    public synchronized ComponentPolicy policy() {
        return queue.policy();
    }

    public synchronized int waiting() {
        return queue.waiting();
    }

    public synchronized int inFlight() {
        return queue.inFlight();
    }

    /** The most requests that ever waited at once (tests check the max_queue bound with it). */
    public synchronized int highWater() {
        return queue.highWater();
    }

    /** The ready replicas in the pool: the data plane's own view of the component's endpoints. */
    public synchronized int readyReplicas() {
        return queue.replicas().size();
    }

    public synchronized List<ReplicaAddress> replicas() {
        return queue.replicas().stream()
                .map(r -> new ReplicaAddress(r.host(), r.port()))
                .toList();
    }

    Admission<Exchange> admit(Exchange exchange, long now) {
        arrivals.increment();
        synchronized (this) {
            return queue.admit(exchange, now);
        }
    }

    synchronized Admission<Exchange> readmit(Exchange exchange, Replica failed, long now) {
        return queue.readmit(exchange, failed, now);
    }

    void release(Replica replica) {
        List<Dispatch<Exchange>> out = new ArrayList<>(0);
        synchronized (this) {
            queue.release(replica, out);
        }
        dispatch(out);
    }

    synchronized boolean cancel(Ticket<Exchange> ticket) {
        return queue.cancel(ticket);
    }

    void replicas(List<ReplicaAddress> addresses) {
        List<Dispatch<Exchange>> out = new ArrayList<>();
        synchronized (this) {
            queue.setReplicas(addresses, out);
        }
        dispatch(out);
    }

    void policy(ComponentPolicy policy) {
        List<Dispatch<Exchange>> out = new ArrayList<>();
        synchronized (this) {
            queue.setPolicy(policy, out);
            timeoutNanos = timeoutNanos(policy);
        }
        dispatch(out);
    }

    void expire(long now, long maxWaitNanos) {
        List<Expired<Exchange>> out = new ArrayList<>(0);
        synchronized (this) {
            queue.expire(now, maxWaitNanos, out);
        }
        for (Expired<Exchange> e : out) {
            e.waiter().expiredLater(e.coldStart());
        }
    }

    /** Every waiting request is answered with {@code status} (the deployment was terminated or deleted). */
    void rejectWaiting(int status, String detail) {
        List<Exchange> out = new ArrayList<>();
        synchronized (this) {
            queue.drainAll(out);
        }
        for (Exchange e : out) {
            e.closedLater(status, detail);
        }
    }

    /** The route went away: every waiting request is answered and the component's series are removed. */
    void close(int status, String detail) {
        rejectWaiting(status, detail);
        if (meters != null) {
            meters.remove();
        }
    }

    void rejectedOne() {
        rejected.increment();
    }

    private static void dispatch(List<Dispatch<Exchange>> out) {
        for (Dispatch<Exchange> d : out) {
            d.waiter().dispatchLater(d.replica());
        }
    }

    /** The metering window: arrivals and rejections since the last sample, in flight and waiting now. */
    public Sample sample() {
        long a = arrivals.sumThenReset();
        long r = rejected.sumThenReset();
        synchronized (this) {
            return new Sample(a, r, queue.inFlight(), queue.waiting());
        }
    }

    public record Sample(long arrivals, long rejected, int inFlight, int waiting) {}
}
