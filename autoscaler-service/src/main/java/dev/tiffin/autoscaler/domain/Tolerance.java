package dev.tiffin.autoscaler.domain;

/**
 * The HPA's tolerance per direction (KEP-4951): a usage ratio within {@code [1 - scaleDown, 1 + scaleUp]}, both bounds
 * inclusive, keeps the current count.
 */
public record Tolerance(double scaleDown, double scaleUp) {

    /** The Kubernetes default, {@code --horizontal-pod-autoscaler-tolerance=0.1}, in both directions. */
    public static final Tolerance DEFAULT = new Tolerance(0.1, 0.1);

    public Tolerance {
        if (!(scaleDown >= 0) || !(scaleUp >= 0)) {
            throw new IllegalArgumentException("tolerances must be zero or positive");
        }
    }

    /** {@code isWithin} of {@code replica_calculator.go}. */
    public boolean isWithin(double ratio) {
        return (1.0 - scaleDown) <= ratio && ratio <= (1.0 + scaleUp);
    }
}
