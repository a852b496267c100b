package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.spec.ResolvedBehavior;
import java.util.List;

/**
 * One direction of an HPA v2 behaviour with every field concrete: stabilization window, rate policies and how they
 * combine.
 */
public record DirectionRules(int stabilizationWindowSeconds, List<RatePolicy> policies, SelectPolicy select) {

    public DirectionRules {
        if (stabilizationWindowSeconds < 0) {
            throw new IllegalArgumentException("the stabilization window cannot be negative");
        }
        policies = List.copyOf(policies);
    }

    public static DirectionRules of(ResolvedBehavior behavior) {
        return new DirectionRules(
                behavior.stabilizationWindowSeconds(),
                behavior.policies().stream().map(RatePolicy::of).toList(),
                SelectPolicy.parse(behavior.selectPolicy()));
    }

    public boolean disabled() {
        return select == SelectPolicy.DISABLED;
    }

    /** {@code getLongestPolicyPeriod}: how long scale events of this direction matter. */
    public int longestPolicyPeriodSeconds() {
        int longest = 0;
        for (RatePolicy p : policies) {
            longest = Math.max(longest, p.periodSeconds());
        }
        return longest;
    }

    /** "+100% or +4 pods per 15 s, whichever is higher" and the like. */
    String describe(char sign) {
        if (disabled()) {
            return "disabled";
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < policies.size(); i++) {
            if (i > 0) {
                text.append(" or ");
            }
            text.append(policies.get(i).describe(sign));
        }
        if (policies.size() > 1) {
            text.append(select == SelectPolicy.MAX ? ", whichever is higher" : ", whichever is lower");
        }
        return text.toString();
    }
}
