package dev.tiffin.autoscaler.domain;

import dev.tiffin.autoscaler.domain.MetricRecommendation.Outcome;
import dev.tiffin.contracts.spec.MetricType;
import java.time.Instant;
import java.util.List;

/**
 * One evaluation of one component: the Kubernetes HPA's {@code reconcileAutoscaler} with behaviours, plus Tiffin's
 * scale to zero and scale from zero. Pure: the same policy, state and observation always give the same evaluation.
 *
 * <ol>
 *   <li>First sight seeds the recommendation history with the current count ({@code recordInitialRecommendation}).
 *   <li>At zero replicas (min 0): nothing happens without demand; an activation (or a request in flight, queued or
 *       counted in qps) sets the count to at least 1 at once, bypassing the scale-up window, never above max.
 *   <li>A current count above max or below min goes straight to the bound (no stabilization, no rate limit).
 *   <li>Otherwise each metric proposes a count ({@link ReplicaCalculator}); the largest wins; an unreadable metric
 *       blocks a scale-down (nothing happens) but not a scale-up; then stabilization and rate limits ({@link
 *       Behaviors}; the recommendation history is kept compact, with the HPA's results: {@link
 *       Behaviors#stabilizeCompact}). With min 0 the floor stays 1 until no request has been in flight or queued for the whole
 *       scale-down window.
 *   <li>A change of the count is recorded as a scale event of its direction ({@code storeScaleEvent}).
 * </ol>
 */
public final class Autoscaler {

    private Autoscaler() {}

    public static Evaluation evaluate(AutoscalingPolicy policy, AutoscalerState state, Observation observation) {
        Instant now = observation.at();
        long nowSecond = now.getEpochSecond();
        int nowNano = now.getNano();
        int current = observation.currentReplicas();
        boolean busy = observation.busy();
        RecommendationHistory recorded = state.recommendationHistory();
        RecommendationHistory history =
                recorded.isEmpty() ? RecommendationHistory.of(current, nowSecond, nowNano) : recorded;
        Instant lastBusyAt = busy || state.lastBusyAt() == null ? now : state.lastBusyAt();

        if (current == 0 && policy.minReplicas() == 0) {
            return fromZero(policy, seen(state, history, lastBusyAt), observation, busy);
        }
        if (current > policy.maxReplicas()) {
            return bound(
                    policy,
                    seen(state, history, lastBusyAt),
                    now,
                    current,
                    policy.maxReplicas(),
                    LimitedBy.MAX_REPLICAS);
        }
        if (current < policy.minReplicas()) {
            return bound(
                    policy,
                    seen(state, history, lastBusyAt),
                    now,
                    current,
                    policy.minReplicas(),
                    LimitedBy.MIN_REPLICAS);
        }

        List<Target> targets = policy.targets();
        int n = targets.size();
        // one or two metrics (the usual case) need no array: List.of(a) and List.of(a, b) hold them directly
        MetricRecommendation[] proposed = n > 2 ? new MetricRecommendation[n] : null;
        MetricRecommendation first = null;
        MetricRecommendation second = null;
        int recommended = 0;
        int invalid = 0;
        for (int i = 0; i < n; i++) {
            Target target = targets.get(i);
            MetricRecommendation proposal = ReplicaCalculator.propose(
                    target,
                    observation.metrics().get(target.type()),
                    current,
                    observation.readyReplicas(),
                    policy.tolerance());
            if (i == 0) {
                first = proposal;
            } else if (i == 1) {
                second = proposal;
            }
            if (proposed != null) {
                proposed[i] = proposal;
            }
            if (!proposal.available()) {
                invalid++;
            } else if (recommended == 0 || proposal.replicas() > recommended) {
                recommended = proposal.replicas();
            }
        }
        List<MetricRecommendation> proposals =
                n == 1 ? List.of(first) : n == 2 ? List.of(first, second) : List.of(proposed);
        if (invalid == n || (invalid > 0 && recommended < current)) {
            ScalingDecision decision = new ScalingDecision(
                    now, current, proposals, current, current, current, LimitedBy.METRIC_UNAVAILABLE, policy);
            return new Evaluation(decision, seen(state, history, lastBusyAt));
        }

        DirectionRules up = policy.scaleUp();
        DirectionRules down = policy.scaleDown();
        int upWindow = up.stabilizationWindowSeconds();
        int downWindow = down.stabilizationWindowSeconds();
        long counted =
                Behaviors.stabilizeCount(history, current, recommended, upWindow, downWindow, nowSecond, nowNano);
        int stabilized = Behaviors.stabilized(counted);
        boolean holdOne = policy.minReplicas() == 0 && !idleForWindow(busy, lastBusyAt, down, now);
        int floor = holdOne ? 1 : policy.minReplicas();
        ScaleEventHistory upEvents = state.scaleUpHistory();
        ScaleEventHistory downEvents = state.scaleDownHistory();
        Behaviors.Limited limited = Behaviors.rateLimit(
                current, stabilized, floor, policy.maxReplicas(), up, down, upEvents, downEvents, nowSecond, nowNano);
        int desired = limited.replicas();
        LimitedBy limitedBy = limitedBy(policy, proposals, current, recommended, stabilized, limited, holdOne);
        ScalingDecision decision =
                new ScalingDecision(now, current, proposals, recommended, stabilized, desired, limitedBy, policy);

        // the next state in one array: the compacted recommendations (stabilizeCompact), then the scale events of
        // each direction, with a change stored in its direction (storeScaleEvent)
        int kept = Behaviors.kept(counted);
        int upSlot = desired > current ? Behaviors.storeSlot(upEvents, up, nowSecond, nowNano) : -1;
        int downSlot = desired < current ? Behaviors.storeSlot(downEvents, down, nowSecond, nowNano) : -1;
        int upLength = desired > current ? Behaviors.storedLength(upEvents, upSlot) : upEvents.to - upEvents.from;
        int downLength =
                desired < current ? Behaviors.storedLength(downEvents, downSlot) : downEvents.to - downEvents.from;
        long[] slots = new long[2 * kept + upLength + downLength];
        int recommendationsEnd =
                Behaviors.writeCompact(history, recommended, kept, upWindow, downWindow, nowSecond, nowNano, slots, 0);
        int upEnd = desired > current
                ? Behaviors.writeStored(
                        upEvents, upSlot, up, desired - current, nowSecond, nowNano, slots, recommendationsEnd)
                : upEvents.copyTo(slots, recommendationsEnd);
        if (desired < current) {
            Behaviors.writeStored(downEvents, downSlot, down, current - desired, nowSecond, nowNano, slots, upEnd);
        } else {
            downEvents.copyTo(slots, upEnd);
        }
        return new Evaluation(decision, AutoscalerState.of(slots, recommendationsEnd, upEnd, lastBusyAt));
    }

    /** The state with the history seeded and the last busy time updated (the same object when neither changed). */
    private static AutoscalerState seen(AutoscalerState state, RecommendationHistory history, Instant lastBusyAt) {
        if (history == state.recommendations() && lastBusyAt == state.lastBusyAt()) {
            return state;
        }
        return new AutoscalerState(history, state.scaleUpEvents(), state.scaleDownEvents(), lastBusyAt);
    }

    private static Evaluation fromZero(
            AutoscalingPolicy policy, AutoscalerState seen, Observation observation, boolean busy) {
        Instant now = observation.at();
        List<MetricRecommendation> proposals = List.of();
        if (!busy) {
            ScalingDecision idle = new ScalingDecision(now, 0, proposals, 0, 0, 0, LimitedBy.NONE, policy);
            return new Evaluation(idle, seen);
        }
        int wanted = 1;
        Target qps = policy.target(MetricType.QPS);
        if (qps != null && observation.metrics().get(MetricType.QPS) instanceof MetricReading.Average rate) {
            // The HPA's zero path for a Value target: ceil(ratio), no tolerance, no readiness.
            double ratio = rate.value() / qps.value();
            int proposal = (int) Math.ceil(ratio);
            proposals = List.of(MetricRecommendation.of(
                    MetricType.QPS, qps.value(), rate.value(), ratio, proposal, Outcome.COMPUTED));
            wanted = Math.max(1, proposal);
        }
        int policyLimit =
                Behaviors.scaleUpLimit(0, seen.scaleUpEvents(), seen.scaleDownEvents(), policy.scaleUp(), now);
        int desired = Math.min(policy.maxReplicas(), Math.max(1, Math.min(wanted, policyLimit)));
        ScalingDecision decision =
                new ScalingDecision(now, 0, proposals, wanted, wanted, desired, LimitedBy.ACTIVATION, policy);
        return new Evaluation(decision, withScaleEvent(seen, policy, 0, desired, now));
    }

    private static Evaluation bound(
            AutoscalingPolicy policy, AutoscalerState seen, Instant now, int current, int bound, LimitedBy limitedBy) {
        ScalingDecision decision = new ScalingDecision(now, current, List.of(), bound, bound, bound, limitedBy, policy);
        return new Evaluation(decision, withScaleEvent(seen, policy, current, bound, now));
    }

    /** No request in flight or queued now, nor at any time in the scale-down window. */
    private static boolean idleForWindow(boolean busy, Instant lastBusyAt, DirectionRules down, Instant now) {
        return !busy && !lastBusyAt.isAfter(now.minusSeconds(down.stabilizationWindowSeconds()));
    }

    private static LimitedBy limitedBy(
            AutoscalingPolicy policy,
            List<MetricRecommendation> proposals,
            int current,
            int recommended,
            int stabilized,
            Behaviors.Limited limited,
            boolean holdOne) {
        if (limited.replicas() != stabilized) {
            return switch (limited.reason()) {
                case SCALE_UP_LIMIT ->
                    policy.scaleUp().disabled() ? LimitedBy.SCALE_UP_DISABLED : LimitedBy.SCALE_UP_POLICY;
                case TOO_MANY_REPLICAS -> LimitedBy.MAX_REPLICAS;
                case SCALE_DOWN_LIMIT ->
                    policy.scaleDown().disabled() ? LimitedBy.SCALE_DOWN_DISABLED : LimitedBy.SCALE_DOWN_POLICY;
                case TOO_FEW_REPLICAS ->
                    holdOne && limited.replicas() == 1 && policy.minReplicas() == 0
                            ? LimitedBy.SCALE_TO_ZERO_WINDOW
                            : LimitedBy.MIN_REPLICAS;
                case DESIRED_WITHIN_RANGE -> LimitedBy.NONE;
            };
        }
        if (stabilized < recommended) {
            return LimitedBy.SCALE_UP_STABILIZATION;
        }
        if (stabilized > recommended) {
            return LimitedBy.SCALE_DOWN_STABILIZATION;
        }
        if (recommended == current) {
            for (MetricRecommendation m : proposals) {
                if (m.outcome() == Outcome.HELD && m.replicas() == recommended) {
                    return LimitedBy.TOLERANCE;
                }
            }
        }
        return LimitedBy.NONE;
    }

    private static AutoscalerState withScaleEvent(
            AutoscalerState state, AutoscalingPolicy policy, int previous, int desired, Instant now) {
        if (desired > previous) {
            return new AutoscalerState(
                    state.recommendations(),
                    Behaviors.storeScaleEvent(state.scaleUpEvents(), policy.scaleUp(), desired - previous, now),
                    state.scaleDownEvents(),
                    state.lastBusyAt());
        }
        if (desired < previous) {
            return new AutoscalerState(
                    state.recommendations(),
                    state.scaleUpEvents(),
                    Behaviors.storeScaleEvent(state.scaleDownEvents(), policy.scaleDown(), previous - desired, now),
                    state.lastBusyAt());
        }
        return state;
    }
}
