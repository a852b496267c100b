package dev.tiffin.rollout.domain;

/**
 * A Kubernetes {@code IntOrString} for {@code maxSurge} / {@code maxUnavailable}: an absolute count or a percentage of
 * the desired replicas ({@code intstr.GetScaledValueFromIntOrPercent}).
 */
public record IntOrPercent(int value, boolean percent) {

    public IntOrPercent {
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative: " + value);
        }
    }

    public static IntOrPercent count(int value) {
        return new IntOrPercent(value, false);
    }

    public static IntOrPercent percent(int value) {
        return new IntOrPercent(value, true);
    }

    /** A count as is; a percentage of {@code total}, rounded up when {@code roundUp}, otherwise down. */
    public int scaled(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long product = (long) value * total;
        return (int) (roundUp ? (product + 99) / 100 : product / 100);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
