package dev.tiffin.traffic.domain;

/** Why the traffic service answered a request itself; the wire form is the metric label {@code reason}. */
public enum RejectionReason {
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    QUEUE_FULL("queue_full"),
    TIMEOUT("timeout"),
    COLD_START_TIMEOUT("cold_start_timeout"),
    NOT_FOUND("not_found"),
    /** The instance has not read its routes, tokens and endpoints yet (just started): 503 with Retry-After. */
    STARTING("starting");

    private final String wire;

    RejectionReason(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
