package dev.tiffin.rollout.domain;

import java.util.List;

/**
 * The planner's answer for one step: the action, and the desired replicas of the new revision and of each old
 * revision (in the order of {@link RolloutState#oldRevisions()}) after it. Waiting and completion keep the counts.
 */
public record StepDecision(StepAction action, int newDesired, List<Integer> oldDesired) {

    public StepDecision {
        oldDesired = List.copyOf(oldDesired);
    }

    public int oldDesiredTotal() {
        return oldDesired.stream().mapToInt(Integer::intValue).sum();
    }
}
