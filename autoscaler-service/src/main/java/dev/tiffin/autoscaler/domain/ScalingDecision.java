package dev.tiffin.autoscaler.domain;

import dev.tiffin.autoscaler.domain.MetricRecommendation.Outcome;
import java.time.Instant;
import java.util.List;

/**
 * One explained decision: the current count, each metric's recommendation, the largest of them (recommended), the
 * value after stabilization, the final desired count, what limited it, and (from {@link #reason()}) a one-line
 * explanation in words. {@code policy} is the effective policy the decision was made under.
 */
public record ScalingDecision(
        Instant at,
        int currentReplicas,
        List<MetricRecommendation> metrics,
        int recommendedReplicas,
        int stabilizedReplicas,
        int desiredReplicas,
        LimitedBy limitedBy,
        AutoscalingPolicy policy) {

    public ScalingDecision {
        metrics = List.copyOf(metrics);
    }

    /** True when the desired count differs from the current one (a decision worth an event). */
    public boolean changes() {
        return desiredReplicas != currentReplicas;
    }

    /** The decision in one line of words, e.g. "cpu at 95% of an 80% target (ratio 1.19) recommends 5; ...". */
    public String reason() {
        StringBuilder text = new StringBuilder();
        MetricRecommendation lead = leadingMetric();
        if (lead != null) {
            describe(lead, text);
            text.append("; ");
        }
        int c = currentReplicas;
        int d = desiredReplicas;
        switch (limitedBy) {
            case NONE -> {
                if (c == 0 && d == 0) {
                    text.append("no requests at zero replicas: staying at 0");
                } else {
                    text.append(d == c ? "keeping " + c : "scaling from " + c + " to " + d);
                }
            }
            case TOLERANCE ->
                text.append("within the ")
                        .append(percent(policy.tolerance().scaleUp()))
                        .append(" tolerance: keeping ")
                        .append(c);
            case SCALE_UP_STABILIZATION ->
                text.append("held at ")
                        .append(d)
                        .append(": the lowest recommendation of the last ")
                        .append(policy.scaleUp().stabilizationWindowSeconds())
                        .append(" s (scale-up stabilization window)");
            case SCALE_DOWN_STABILIZATION ->
                text.append("held at ")
                        .append(d)
                        .append(": the highest recommendation of the last ")
                        .append(policy.scaleDown().stabilizationWindowSeconds())
                        .append(" s (scale-down stabilization window)");
            case SCALE_UP_POLICY ->
                text.append("the scale-up policy (")
                        .append(policy.scaleUp().describe('+'))
                        .append(") allows ")
                        .append(d)
                        .append(" now: scaling from ")
                        .append(c)
                        .append(" to ")
                        .append(d);
            case SCALE_DOWN_POLICY ->
                text.append("the scale-down policy (")
                        .append(policy.scaleDown().describe('-'))
                        .append(") allows ")
                        .append(d)
                        .append(" now: scaling from ")
                        .append(c)
                        .append(" to ")
                        .append(d);
            case SCALE_UP_DISABLED ->
                text.append("scaling up is disabled: keeping ").append(c);
            case SCALE_DOWN_DISABLED ->
                text.append("scaling down is disabled: keeping ").append(c);
            case MAX_REPLICAS ->
                text.append(c > policy.maxReplicas() ? "above max_replicas " : "capped at max_replicas ")
                        .append(policy.maxReplicas())
                        .append(c == d ? ": keeping " + c : ": scaling from " + c + " to " + d);
            case MIN_REPLICAS ->
                text.append(c < policy.minReplicas() ? "below min_replicas " : "held at min_replicas ")
                        .append(policy.minReplicas())
                        .append(c == d ? ": keeping " + c : ": scaling from " + c + " to " + d);
            case SCALE_TO_ZERO_WINDOW ->
                text.append("kept at ")
                        .append(d)
                        .append(": scaling to zero needs no request in flight or queued for the whole ")
                        .append(policy.scaleDown().stabilizationWindowSeconds())
                        .append(" s scale-down window");
            case METRIC_UNAVAILABLE -> {
                text.append(unavailableNames());
                boolean none = metrics.stream().noneMatch(MetricRecommendation::available);
                text.append(none ? ": no metric to scale on, keeping " : ": not scaling down, keeping ")
                        .append(c);
            }
            case ACTIVATION ->
                text.append("a request arrived at zero replicas: scaling from 0 to ")
                        .append(d)
                        .append(" at once");
        }
        return text.toString();
    }

    /** The available metric whose recommendation was taken (the largest), if any. */
    private MetricRecommendation leadingMetric() {
        MetricRecommendation lead = null;
        for (MetricRecommendation m : metrics) {
            if (m.available() && (lead == null || m.replicas() > lead.replicas())) {
                lead = m;
            }
        }
        return lead;
    }

    private String unavailableNames() {
        StringBuilder names = new StringBuilder();
        for (MetricRecommendation m : metrics) {
            if (!m.available()) {
                names.append(names.length() == 0 ? "" : ", ").append(m.type().wire());
            }
        }
        return names.append(" could not be read").toString();
    }

    private static void describe(MetricRecommendation m, StringBuilder text) {
        boolean qps = !m.type().isUtilisation();
        text.append(m.type().wire())
                .append(" at ")
                .append(number(m.value()))
                .append(qps ? " req/s per ready replica" : "%")
                .append(" of a ")
                .append(number(m.target()))
                .append(qps ? " req/s target" : "% target")
                .append(" (ratio ")
                .append(number(m.ratio()))
                .append(m.outcome() == Outcome.HELD ? ") recommends keeping " : ") recommends ")
                .append(m.replicas());
    }

    private static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    /** At most two decimals, none when whole. */
    static String number(double value) {
        long hundredths = Math.round(value * 100);
        if (hundredths % 100 == 0) {
            return Long.toString(hundredths / 100);
        }
        String sign = hundredths < 0 ? "-" : "";
        long abs = Math.abs(hundredths);
        long fraction = abs % 100;
        return sign + (abs / 100) + "."
                + (fraction < 10 ? "0" + fraction : fraction % 10 == 0 ? fraction / 10 : fraction);
    }
}
