package dev.tiffin.contracts.events;

/** Kafka topics (DESIGN.md §4). Every message's key is the deployment id {@code cluster/namespace/name}. */
public final class Topics {

    public static final String DEPLOYMENT_REQUESTS = "tiffin.deployment.requests";
    public static final String DEPLOYMENT_EVENTS = "tiffin.deployment.events";
    public static final String METRICS = "tiffin.metrics";
    /** Compacted; key = token id. */
    public static final String ACCESS = "tiffin.access";

    /** Compacted; key = deployment id: the autoscaler-service's durable state (internal to it, ADR 0009). */
    public static final String AUTOSCALER_STATE = "tiffin.autoscaler.state";

    public static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
