package dev.tiffin.traffic.domain;

/** Where a ready pod of a component answers: its IP (or host name) and port. */
public record ReplicaAddress(String host, int port) {

    public String address() {
        return host + ":" + port;
    }
}
