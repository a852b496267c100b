package dev.tiffin.autoscaler.domain;

/** What made the desired count differ from what the metrics recommend (or why nothing moved). */
public enum LimitedBy {
    NONE("none"),
    TOLERANCE("tolerance"),
    SCALE_UP_STABILIZATION("scale_up_stabilization"),
    SCALE_DOWN_STABILIZATION("scale_down_stabilization"),
    SCALE_UP_POLICY("scale_up_policy"),
    SCALE_DOWN_POLICY("scale_down_policy"),
    SCALE_UP_DISABLED("scale_up_disabled"),
    SCALE_DOWN_DISABLED("scale_down_disabled"),
    MAX_REPLICAS("max_replicas"),
    MIN_REPLICAS("min_replicas"),
    SCALE_TO_ZERO_WINDOW("scale_to_zero_window"),
    METRIC_UNAVAILABLE("metric_unavailable"),
    ACTIVATION("activation");

    private final String wire;

    LimitedBy(String wire) {
        this.wire = wire;
    }

    /** The snake_case name used in events and API answers. */
    public String wire() {
        return wire;
    }
}
