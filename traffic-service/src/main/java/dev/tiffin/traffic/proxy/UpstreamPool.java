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
 * its own loop, so nothing here is locked). Most recently used first; at most {@code maxIdle} per replica; a
 * connection idle for longer than {@link #IDLE_NANOS} is closed by {@link #sweep}, as are those of replicas that left
 * the pool.
 */
final class UpstreamPool {

    static final long IDLE_NANOS = 30_000_000_000L;

    private final int maxIdle;
    private final Map<Replica, ArrayDeque<UpstreamConnection>> idle = new HashMap<>();
    private final Map<Replica, InetSocketAddress> addresses = new HashMap<>();

    UpstreamPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    /** An idle open connection to {@code replica}, or null. */
    UpstreamConnection take(Replica replica) {
        ArrayDeque<UpstreamConnection> q = idle.get(replica);
        if (q == null) {
            return null;
        }
        UpstreamConnection c;
        while ((c = q.pollFirst()) != null) {
            if (c.open()) {
                return c;
            }
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
            while ((c = q.peekLast()) != null && (gone || !c.open() || now - c.idleSince() > IDLE_NANOS)) {
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
