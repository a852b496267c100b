package dev.tiffin.contracts.spec;

import java.util.Arrays;

/** Autoscaling metrics: utilisation % for cpu, memory and gpu; requests/s per replica for qps. */
public enum MetricType {
    CPU("cpu"),
    MEMORY("memory"),
    GPU("gpu"),
    QPS("qps");

    private final String wire;

    MetricType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isUtilisation() {
        return this != QPS;
    }

    public static boolean isValid(String text) {
        return Arrays.stream(values()).anyMatch(v -> v.wire.equals(text));
    }

    public static MetricType parse(String text) {
        return Arrays.stream(values())
                .filter(v -> v.wire.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown metric type " + text));
    }
}
