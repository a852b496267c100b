package dev.tiffin.contracts.spec;

/**
 * One autoscaling target: {@code type} is cpu, memory or gpu (target average utilisation %) or qps (target
 * requests/s per replica).
 */
public record MetricTarget(String type, Double value) {

    public MetricType typeEnum() {
        return MetricType.parse(type);
    }
}
