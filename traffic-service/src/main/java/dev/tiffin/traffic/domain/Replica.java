package dev.tiffin.traffic.domain;

/**
 * A ready endpoint of a component (a pod's address and port) with the number of requests the proxy has in flight on
 * it. Mutated only by its {@link ComponentQueue}, under the queue's owner's lock; a replica that left the pool keeps
 * counting down as its last requests finish.
 */
public final class Replica {

    private final String host;
    private final int port;
    private final String address;
    int outstanding;
    boolean removed;

    Replica(String host, int port) {
        this.host = host;
        this.port = port;
        this.address = host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}. */
    public String address() {
        return address;
    }

    public int outstanding() {
        return outstanding;
    }

    /** Whether it left the pool (not ready, terminating or gone) since it was chosen. */
    public boolean removed() {
        return removed;
    }

    @Override
    public String toString() {
        return address + " (" + outstanding + " outstanding)";
    }
}
