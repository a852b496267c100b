package dev.tiffin.autoscaler.domain;

/** How the limits of several rate policies combine ({@code selectPolicy} of an HPA v2 behaviour). */
public enum SelectPolicy {
    /** The policy that allows the biggest change (the Kubernetes default). */
    MAX,
    /** The policy that allows the smallest change. */
    MIN,
    /** No scaling in this direction at all. */
    DISABLED;

    /** The spec's spelling: {@code max}, {@code min} or {@code disabled}. */
    public static SelectPolicy parse(String wire) {
        return switch (wire) {
            case "max" -> MAX;
            case "min" -> MIN;
            case "disabled" -> DISABLED;
            default -> throw new IllegalArgumentException("unknown select policy " + wire);
        };
    }
}
