package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.Replica;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The idle keep-alive connections of one event loop to each replica (a connection is only ever used by requests of
 * its own loop, so nothing here is locked). Most recently used first; at most {@code maxIdle} per replica. A
 * connection idle for the idle timeout or longer is never handed out again: {@link #take} closes it, and {@link #sweep}
 * closes it too, as it does those of replicas that left the pool.
 */
final class UpstreamPool {

    private final int maxIdle;
    private final long idleNanos;
    private final Map<Replica, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final Map<Replica, InetSocketAddress> addresses = new HashMap<>();

    UpstreamPool(int maxIdle, long idleNanos) {
        this.maxIdle = maxIdle;
        this.idleNanos = idleNanos;
    }

    /** An open connection to {@code replica} idle for less than the idle timeout at {@code now}, or null. */
    UpstreamConnection take(Replica replica, long now) {
        ArrayDeque<UpstreamConnection> q = idle.get(replica);
        if (q == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = q.pollFirst()) != null) {
            if (c.open() && now - c.idleSince() < idleNanos) {
                return c;
            }
            c.close(); // closed by the replica, or idle too long (the ones behind it are older still)
        }
        return null;
    }

    /** Keeps {@code c} for the next request to its replica, or closes it when the pool is full. */
    void give(UpstreamConnection c, long now) {
        ArrayDeque<UpstreamConnection> q = idle.computeIfAbsent(c.replica(), r -> new ArrayDeque<>());
        if (q.size() >= maxIdle || c.replica().removed()) {
            c.close();
            return;
        }
        c.idleSince(now);
        q.addFirst(c);
    }

    /** The socket address of {@code replica} (an IP literal in practice; resolved once). */
    InetSocketAddress address(Replica replica) throws UnknownHostException {
        InetSocketAddress a = addresses.get(replica);
        if (a == null) {
            a = new InetSocketAddress(InetAddress.getByName(replica.host()), replica.port());
            addresses.put(replica, a);
        }
        return a;
    }

    /** Closes the connections idle for too long and forgets the replicas that left the pool. */
    void sweep(long now) {
        Iterator<Map.Entry<Replica, ArrayDeque<UpstreamConnection>>> it =
                idle.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Replica, ArrayDeque<UpstreamConnection>> e = it.next();
            ArrayDeque<UpstreamConnection> q = e.getValue();
            boolean gone = e.getKey().removed();
            UpstreamConnection c;
            while ((c = q.peekLast()) != null && (gone || !c.open() || now - c.idleSince() >= idleNanos)) {
                q.pollLast();
                c.close();
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        addresses.keySet().removeIf(Replica::removed);
    }

    /** Closes every idle connection. */
    void closeAll() {
        idle.values().forEach(q -> q.forEach(UpstreamConnection::close));
        idle.clear();
    }
}
