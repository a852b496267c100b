package dev.tiffin.autoscaler.domain;

import java.time.Instant;
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
        return stabilizeCompact(
                RecommendationHistory.of(history),
                current,
                desired,
                upWindowSeconds,
                downWindowSeconds,
                now.getEpochSecond(),
                now.getNano());
    }

    /** {@link #stabilizeCompact(List, int, int, int, int, Instant)} on the primitive history, {@code now} in parts. */
    static Stabilized stabilizeCompact(
            RecommendationHistory history,
            int current,
            int desired,
            int upWindowSeconds,
            int downWindowSeconds,
            long nowSecond,
            int nowNano) {
        long counted =
                stabilizeCount(history, current, desired, upWindowSeconds, downWindowSeconds, nowSecond, nowNano);
        int kept = kept(counted);
        long[] next = new long[2 * kept];
        writeCompact(history, desired, kept, upWindowSeconds, downWindowSeconds, nowSecond, nowNano, next, 0);
        return new Stabilized(stabilized(counted), new RecommendationHistory(next, 0, next.length));
    }

    /**
     * The first half of {@link #stabilizeCompact}: the stabilized count (read it with {@link #stabilized}) and how
     * many entries the next history keeps, the new one included ({@link #kept}), in one long.
     */
    static long stabilizeCount(
            RecommendationHistory history,
            int current,
            int desired,
            int upWindowSeconds,
            int downWindowSeconds,
            long nowSecond,
            int nowNano) {
        long upCutoff = nowSecond - upWindowSeconds;
        long downCutoff = nowSecond - downWindowSeconds;
        long[] slots = history.slots;
        int upRecommendation = desired;
        int downRecommendation = desired;
        int laterMin = desired;
        int laterMax = desired;
        int kept = 1;
        for (int i = history.to - 2; i >= history.from; i -= 2) {
            long second = slots[i];
            long packed = slots[i + 1];
            int nano = RecommendationHistory.nano(packed);
            int value = RecommendationHistory.replicas(packed);
            boolean inUp = isAfter(second, nano, upCutoff, nowNano);
            boolean inDown = isAfter(second, nano, downCutoff, nowNano);
            if (inUp) {
                upRecommendation = Math.min(value, upRecommendation);
            }
            if (inDown) {
                downRecommendation = Math.max(value, downRecommendation);
            }
            if ((inUp && value < laterMin) || (inDown && value > laterMax)) {
                kept++;
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
        return ((long) kept << 32) | (recommendation & 0xFFFF_FFFFL);
    }

    static int stabilized(long counted) {
        return (int) counted;
    }

    static int kept(long counted) {
        return (int) (counted >>> 32);
    }

    /**
     * The second half of {@link #stabilizeCompact}: the same walk as {@link #stabilizeCount}, writing the {@code kept}
     * entries it keeps, in time order and the new one last, to {@code dest} from index {@code at}; returns the index
     * after them.
     */
    static int writeCompact(
            RecommendationHistory history,
            int desired,
            int kept,
            int upWindowSeconds,
            int downWindowSeconds,
            long nowSecond,
            int nowNano,
            long[] dest,
            int at) {
        long upCutoff = nowSecond - upWindowSeconds;
        long downCutoff = nowSecond - downWindowSeconds;
        long[] slots = history.slots;
        int end = at + 2 * kept;
        int w = end - 2;
        dest[w] = nowSecond;
        dest[w + 1] = RecommendationHistory.pack(nowNano, desired);
        int laterMin = desired;
        int laterMax = desired;
        for (int i = history.to - 2; i >= history.from; i -= 2) {
            long second = slots[i];
            long packed = slots[i + 1];
            int nano = RecommendationHistory.nano(packed);
            int value = RecommendationHistory.replicas(packed);
            if ((value < laterMin && isAfter(second, nano, upCutoff, nowNano))
                    || (value > laterMax && isAfter(second, nano, downCutoff, nowNano))) {
                w -= 2;
                dest[w] = second;
                dest[w + 1] = packed;
            }
            laterMin = Math.min(laterMin, value);
            laterMax = Math.max(laterMax, value);
        }
        return end;
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
        return rateLimit(
                current,
                desired,
                minReplicas,
                maxReplicas,
                scaleUp,
                scaleDown,
                ScaleEventHistory.of(upEvents),
                ScaleEventHistory.of(downEvents),
                now.getEpochSecond(),
                now.getNano());
    }

    static Limited rateLimit(
            int current,
            int desired,
            int minReplicas,
            int maxReplicas,
            DirectionRules scaleUp,
            DirectionRules scaleDown,
            ScaleEventHistory upEvents,
            ScaleEventHistory downEvents,
            long nowSecond,
            int nowNano) {
        if (desired > current) {
            int limit = scaleUpLimit(current, upEvents, downEvents, scaleUp, nowSecond, nowNano);
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
            int limit = scaleDownLimit(current, upEvents, downEvents, scaleDown, nowSecond, nowNano);
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
        return scaleUpLimit(
                current,
                ScaleEventHistory.of(upEvents),
                ScaleEventHistory.of(downEvents),
                rules,
                now.getEpochSecond(),
                now.getNano());
    }

    static int scaleUpLimit(
            int current,
            ScaleEventHistory upEvents,
            ScaleEventHistory downEvents,
            DirectionRules rules,
            long nowSecond,
            int nowNano) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        List<RatePolicy> policies = rules.policies();
        for (int i = 0, n = policies.size(); i < n; i++) {
            RatePolicy policy = policies.get(i);
            int start = current
                    - replicasChangePerPeriod(policy.periodSeconds(), upEvents, nowSecond, nowNano)
                    + replicasChangePerPeriod(policy.periodSeconds(), downEvents, nowSecond, nowNano);
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
        return scaleDownLimit(
                current,
                ScaleEventHistory.of(upEvents),
                ScaleEventHistory.of(downEvents),
                rules,
                now.getEpochSecond(),
                now.getNano());
    }

    static int scaleDownLimit(
            int current,
            ScaleEventHistory upEvents,
            ScaleEventHistory downEvents,
            DirectionRules rules,
            long nowSecond,
            int nowNano) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean min = rules.select() == SelectPolicy.MIN;
        int result = min ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        List<RatePolicy> policies = rules.policies();
        for (int i = 0, n = policies.size(); i < n; i++) {
            RatePolicy policy = policies.get(i);
            int start = current
                    - replicasChangePerPeriod(policy.periodSeconds(), upEvents, nowSecond, nowNano)
                    + replicasChangePerPeriod(policy.periodSeconds(), downEvents, nowSecond, nowNano);
            int proposed = policy.kind() == RatePolicy.Kind.PODS
                    ? start - policy.value()
                    : (int) ((double) start * (1 - (double) policy.value() / 100));
            result = min ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    /** {@code getReplicasChangePerPeriod}: the sum of the changes strictly inside the last {@code periodSeconds}. */
    public static int replicasChangePerPeriod(int periodSeconds, List<ScaleEvent> events, Instant now) {
        return replicasChangePerPeriod(
                periodSeconds, ScaleEventHistory.of(events), now.getEpochSecond(), now.getNano());
    }

    static int replicasChangePerPeriod(int periodSeconds, ScaleEventHistory events, long nowSecond, int nowNano) {
        long cutoff = nowSecond - periodSeconds;
        long[] slots = events.slots;
        int replicas = 0;
        for (int i = events.from; i < events.to; i += 2) {
            long packed = slots[i + 1];
            if (isAfter(slots[i], ScaleEventHistory.nano(packed), cutoff, nowNano)) {
                replicas += ScaleEventHistory.replicaChange(packed);
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
        return storeScaleEvent(ScaleEventHistory.of(events), rules, replicaChange, now.getEpochSecond(), now.getNano());
    }

    static ScaleEventHistory storeScaleEvent(
            ScaleEventHistory events, DirectionRules rules, int replicaChange, long nowSecond, int nowNano) {
        int slot = storeSlot(events, rules, nowSecond, nowNano);
        long[] next = new long[storedLength(events, slot)];
        writeStored(events, slot, rules, replicaChange, nowSecond, nowNano, next, 0);
        return new ScaleEventHistory(next, 0, next.length);
    }

    /**
     * The first half of {@link #storeScaleEvent}: the index (in {@code events.slots}) of the last event that is or
     * becomes outdated, whose slot the new event takes; -1 when it is appended.
     */
    static int storeSlot(ScaleEventHistory events, DirectionRules rules, long nowSecond, int nowNano) {
        long cutoff = nowSecond - rules.longestPolicyPeriodSeconds();
        long[] slots = events.slots;
        int oldIndex = -1;
        for (int i = events.from; i < events.to; i += 2) {
            long packed = slots[i + 1];
            if (ScaleEventHistory.outdated(packed)
                    || isBefore(slots[i], ScaleEventHistory.nano(packed), cutoff, nowNano)) {
                oldIndex = i;
            }
        }
        return oldIndex;
    }

    /** How many longs the history takes after {@link #storeSlot} chose {@code slot}. */
    static int storedLength(ScaleEventHistory events, int slot) {
        return events.to - events.from + (slot >= 0 ? 0 : 2);
    }

    /**
     * The second half of {@link #storeScaleEvent}: writes the events, those older than the longest policy period
     * marked outdated, with the new one in {@code slot} (or appended), to {@code dest} from index {@code at}; returns
     * the index after them.
     */
    static int writeStored(
            ScaleEventHistory events,
            int slot,
            DirectionRules rules,
            int replicaChange,
            long nowSecond,
            int nowNano,
            long[] dest,
            int at) {
        long cutoff = nowSecond - rules.longestPolicyPeriodSeconds();
        long[] slots = events.slots;
        int w = at;
        int target = -1;
        for (int i = events.from; i < events.to; i += 2) {
            long packed = slots[i + 1];
            if (isBefore(slots[i], ScaleEventHistory.nano(packed), cutoff, nowNano)) {
                packed |= ScaleEventHistory.OUTDATED;
            }
            if (i == slot) {
                target = w;
            }
            dest[w] = slots[i];
            dest[w + 1] = packed;
            w += 2;
        }
        if (target < 0) {
            target = w;
            w += 2;
        }
        dest[target] = nowSecond;
        dest[target + 1] = ScaleEventHistory.pack(nowNano, replicaChange, false);
        return w;
    }

    /** {@code Instant.isAfter} of (second, nano) and (cutoffSecond, cutoffNano). */
    private static boolean isAfter(long second, int nano, long cutoffSecond, int cutoffNano) {
        return second > cutoffSecond || (second == cutoffSecond && nano > cutoffNano);
    }

    /** {@code Instant.isBefore} of (second, nano) and (cutoffSecond, cutoffNano). */
    private static boolean isBefore(long second, int nano, long cutoffSecond, int cutoffNano) {
        return second < cutoffSecond || (second == cutoffSecond && nano < cutoffNano);
    }
}
