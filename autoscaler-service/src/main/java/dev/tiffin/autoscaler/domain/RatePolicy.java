package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.ScalingPolicy;

/** One HPA v2 scaling policy: at most {@code value} pods, or {@code value} percent, per {@code periodSeconds}. */
public record RatePolicy(Kind kind, int value, int periodSeconds) {

    /** {@code Pods} or {@code Percent}. */
    public enum Kind {
        PODS,
        PERCENT
    }

    public RatePolicy {
        if (value <= 0 || periodSeconds <= 0) {
            throw new IllegalArgumentException("a policy needs a positive value and period");
        }
    }

    public static RatePolicy pods(int value, int periodSeconds) {
        return new RatePolicy(Kind.PODS, value, periodSeconds);
    }

    public static RatePolicy percent(int value, int periodSeconds) {
        return new RatePolicy(Kind.PERCENT, value, periodSeconds);
    }

    /** The spec's policy ({@code type} pods or percent). */
    public static RatePolicy of(ScalingPolicy policy) {
        Kind kind = switch (policy.type()) {
            case "pods" -> Kind.PODS;
            case "percent" -> Kind.PERCENT;
            default -> throw new IllegalArgumentException("unknown policy type " + policy.type());
        };
        return new RatePolicy(kind, policy.value(), policy.periodSeconds());
    }

    /** "+4 pods per 15 s" or "+100% per 15 s", with the sign of the direction. */
    String describe(char sign) {
        return sign + Integer.toString(value) + (kind == Kind.PODS ? (value == 1 ? " pod" : " pods") : "%") + " per "
                + periodSeconds + " s";
    }
}
