package dev.tiffin.autoscaler.domain;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * {@code normalizeDesiredReplicasWithBehaviors} of the Kubernetes HPA ({@code horizontal.go}), ported function for
 * function with one explicit {@code now}: stabilization over the recommendation history, then rate limits from the
 * policies over their periods using the scale-event history (the replicas at the start of each period), the select
 * policy, and min/max in the direction of travel. Window membership is strict as in Go ({@code ts.After(now - W)}).
 */
public final class Behaviors {

    private Behaviors() {}

    /** The HPA's {@code ScalingLimited} reasons of the rate-limit step. */
    public enum RateLimit {
        DESIRED_WITHIN_RANGE("DesiredWithinRange"),
        SCALE_UP_LIMIT("ScaleUpLimit"),
        TOO_MANY_REPLICAS("TooManyReplicas"),
        SCALE_DOWN_LIMIT("ScaleDownLimit"),
        TOO_FEW_REPLICAS("TooFewReplicas");

        private final String hpaReason;

        RateLimit(String hpaReason) {
            this.hpaReason = hpaReason;
        }

        public String hpaReason() {
            return hpaReason;
        }
    }

    /** The stabilized count and the recommendation history with the new (unstabilized) recommendation stored. */
    public record Stabilized(int replicas, List<Recommendation> history) {}

    /** The rate-limited count and which limit, if any, decided it. */
    public record Limited(int replicas, RateLimit reason) {}

    /**
     * {@code stabilizeRecommendationWithBehaviors}: scale up only to the lowest recommendation within the scale-up
     * window, down only to the highest within the scale-down window, around {@code current}; the new recommendation
     * overwrites the last entry older than both windows, or is appended.
     */
    public static Stabilized stabilize(
            List<Recommendation> history,
            int current,
            int desired,
            int upWindowSeconds,
            int downWindowSeconds,
            Instant now) {
        Instant upCutoff = now.minusSeconds(upWindowSeconds);
        Instant downCutoff = now.minusSeconds(downWindowSeconds);
        int upRecommendation = desired;
        int downRecommendation = desired;
        int oldIndex = -1;
        int size = history.size();
        for (int i = 0; i < size; i++) {
            Recommendation rec = history.get(i);
            Instant at = rec.at();
            if (at.isAfter(upCutoff)) {
                upRecommendation = Math.min(rec.replicas(), upRecommendation);
            }
            if (at.isAfter(downCutoff)) {
                downRecommendation = Math.max(rec.replicas(), downRecommendation);
            }
            if (at.isBefore(upCutoff) && at.isBefore(downCutoff)) {
                oldIndex = i;
            }
        }
        int recommendation = current;
        if (recommendation < upRecommendation) {
            recommendation = upRecommendation;
        }
        if (recommendation > downRecommendation) {
            recommendation = downRecommendation;
        }
        Recommendation stored = new Recommendation(desired, now);
        Recommendation[] next;
        if (oldIndex >= 0) {
            next = history.toArray(new Recommendation[size]);
            next[oldIndex] = stored;
        } else {
            next = history.toArray(new Recommendation[size + 1]);
            next[size] = stored;
        }
        return new Stabilized(recommendation, List.of(next));
    }

    /**
     * {@link #stabilize} with the same result, keeping only the history that can still change a future result: an
     * entry stays while it may be the minimum of a future scale-up window (no newer entry is lower or equal, and it is
     * inside the window) or the maximum of a future scale-down window (likewise). For a fixed policy and a clock that
     * does not go back, every later stabilization gives exactly what the HPA's full list gives, while the list stays
     * a handful of entries long instead of one per evaluation (the live autoscaler evaluates every second). The
     * history must be in time order, which this function preserves (it appends; it never reuses a slot).
     */
    public static Stabilized stabilizeCompact(
            List<Recommendation> history,
            int current,
            int desired,
            int upWindowSeconds,
            int downWindowSeconds,
            Instant now) {
        Instant upCutoff = now.minusSeconds(upWindowSeconds);
        Instant downCutoff = now.minusSeconds(downWindowSeconds);
        int upRecommendation = desired;
        int downRecommendation = desired;
        int size = history.size();
        Recommendation[] kept = new Recommendation[size + 1];
        kept[size] = new Recommendation(desired, now);
        int first = size;
        int laterMin = desired;
        int laterMax = desired;
        for (int i = size - 1; i >= 0; i--) {
            Recommendation rec = history.get(i);
            Instant at = rec.at();
            int value = rec.replicas();
            boolean inUp = at.isAfter(upCutoff);
            boolean inDown = at.isAfter(downCutoff);
            if (inUp) {
                upRecommendation = Math.min(value, upRecommendation);
            }
            if (inDown) {
                downRecommendation = Math.max(value, downRecommendation);
            }
            if ((inUp && value < laterMin) || (inDown && value > laterMax)) {
                kept[--first] = rec;
            }
            laterMin = Math.min(laterMin, value);
            laterMax = Math.max(laterMax, value);
        }
        int recommendation = current;
        if (recommendation < upRecommendation) {
            recommendation = upRecommendation;
        }
        if (recommendation > downRecommendation) {
            recommendation = downRecommendation;
        }
        List<Recommendation> next = first == 0 ? List.of(kept) : List.of(Arrays.copyOfRange(kept, first, size + 1));
        return new Stabilized(recommendation, next);
    }

    /** {@code convertDesiredReplicasWithBehaviorRate}: the policies' limit and min/max in the direction of travel. */
    public static Limited rateLimit(
            int current,
            int desired,
            int minReplicas,
            int maxReplicas,
            DirectionRules scaleUp,
            DirectionRules scaleDown,
            List<ScaleEvent> upEvents,
            List<ScaleEvent> downEvents,
            Instant now) {
        if (desired > current) {
            int limit = scaleUpLimit(current, upEvents, downEvents, scaleUp, now);
            if (limit < current) {
                limit = current;
            }
            int allowed;
            RateLimit reason;
            if (maxReplicas > limit) {
                allowed = limit;
                reason = RateLimit.SCALE_UP_LIMIT;
            } else {
                allowed = maxReplicas;
                reason = RateLimit.TOO_MANY_REPLICAS;
            }
            if (desired > allowed) {
                return new Limited(allowed, reason);
            }
        } else if (desired < current) {
            int limit = scaleDownLimit(current, upEvents, downEvents, scaleDown, now);
            if (limit > current) {
                limit = current;
            }
            int allowed;
            RateLimit reason;
            if (minReplicas < limit) {
                allowed = limit;
                reason = RateLimit.SCALE_DOWN_LIMIT;
            } else {
                allowed = minReplicas;
                reason = RateLimit.TOO_FEW_REPLICAS;
            }
            if (desired < allowed) {
                return new Limited(allowed, reason);
            }
        }
        return new Limited(desired, RateLimit.DESIRED_WITHIN_RANGE);
    }

    /**
     * {@code calculateScaleUpLimitWithScalingRules}: per policy, the replicas at the start of its period plus what it
     * allows; Max takes the highest, Min the lowest; Disabled allows nothing.
     */
    public static int scaleUpLimit(
            int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, DirectionRules rules, Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int start = current
                    - replicasChangePerPeriod(policy.periodSeconds(), upEvents, now)
                    + replicasChangePerPeriod(policy.periodSeconds(), downEvents, now);
            int proposed = policy.kind() == RatePolicy.Kind.PODS
                    ? start + policy.value()
                    : (int) Math.ceil((double) start * (1 + (double) policy.value() / 100));
            result = min ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    /**
     * {@code calculateScaleDownLimitWithBehaviors}: per policy, the replicas at the start of its period minus what it
     * allows (percent truncated toward zero); Max (the biggest change) takes the lowest floor, Min the highest.
     */
    public static int scaleDownLimit(
            int current, List<ScaleEvent> upEvents, List<ScaleEvent> downEvents, DirectionRules rules, Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (RatePolicy policy : rules.policies()) {
            int start = current
                    - replicasChangePerPeriod(policy.periodSeconds(), upEvents, now)
                    + replicasChangePerPeriod(policy.periodSeconds(), downEvents, now);
            int proposed = policy.kind() == RatePolicy.Kind.PODS
                    ? start - policy.value()
                    : (int) ((double) start * (1 - (double) policy.value() / 100));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    /** {@code getReplicasChangePerPeriod}: the sum of the changes strictly inside the last {@code periodSeconds}. */
    public static int replicasChangePerPeriod(int periodSeconds, List<ScaleEvent> events, Instant now) {
        Instant cutoff = now.minusSeconds(periodSeconds);
        int replicas = 0;
        for (int i = 0, n = events.size(); i < n; i++) {
            ScaleEvent event = events.get(i);
            if (event.at().isAfter(cutoff)) {
                replicas += event.replicaChange();
            }
        }
        return replicas;
    }

    /**
     * {@code storeScaleEvent} for one direction: events older than the direction's longest policy period are marked
     * outdated (sticky); the new event overwrites the last outdated one, or is appended.
     */
    public static List<ScaleEvent> storeScaleEvent(
            List<ScaleEvent> events, DirectionRules rules, int replicaChange, Instant now) {
        Instant cutoff = now.minusSeconds(rules.longestPolicyPeriodSeconds());
        int size = events.size();
        ScaleEvent[] next = new ScaleEvent[size + 1];
        int oldIndex = -1;
        for (int i = 0; i < size; i++) {
            ScaleEvent event = events.get(i);
            if (!event.outdated() && event.at().isBefore(cutoff)) {
                event = new ScaleEvent(event.replicaChange(), event.at(), true);
            }
            if (event.outdated()) {
                oldIndex = i;
            }
            next[i] = event;
        }
        ScaleEvent stored = new ScaleEvent(replicaChange, now, false);
        if (oldIndex >= 0) {
            next[oldIndex] = stored;
            return List.of(Arrays.copyOf(next, size));
        }
        next[size] = stored;
        return List.of(next);
    }
}
