package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Simulates a whole rollout with {@link StepPlanner}, the function the live rollout applies step by step, under the
 * model of the reference's worked sequences (§1.9): the old revision's pods are all ready and healthy; a scale-down
 * removes pods at once (terminating pods do not count); the planner runs to a fixed point before the next readiness
 * wave; and each wave makes every pending new pod ready together.
 */
public final class RolloutPlanner {

    /** Far above any real plan (Ramped with 1000 replicas takes about 3000 steps): guards against a loop. */
    private static final int MAX_STEPS = 100_000;

    private RolloutPlanner() {}

    public static RolloutPlan plan(DeploymentStrategy strategy, int replicas, int currentReplicas) {
        if (replicas < 0 || currentReplicas < 0) {
            throw new IllegalArgumentException("replicas and current replicas must not be negative");
        }
        StrategyParameters parameters = StrategyParameters.resolve(strategy, replicas);
        RolloutState state = new RolloutState(
                RevisionReplicas.NONE,
                currentReplicas == 0 ? List.of() : List.of(RevisionReplicas.of(currentReplicas, currentReplicas)));
        List<PlanStep> steps = new ArrayList<>();
        steps.add(PlanStep.of(PlanStep.INITIAL, state));
        for (int i = 0; i < MAX_STEPS; i++) {
            StepDecision decision = StepPlanner.next(parameters, state);
            switch (decision.action()) {
                case COMPLETE -> {
                    return new RolloutPlan(
                            strategy,
                            replicas,
                            currentReplicas,
                            parameters.maxSurge(),
                            parameters.maxUnavailable(),
                            parameters.minAvailable(),
                            parameters.maxTotal(),
                            steps,
                            DowntimeWarnings.of(strategy, replicas));
                }
                case WAIT_FOR_READY -> state = readyWave(state);
                case WAIT_FOR_OLD_TERMINATION -> state = oldPodsGone(state);
                default -> state = apply(state, decision);
            }
            steps.add(PlanStep.of(label(decision.action()), state));
        }
        throw new IllegalStateException("the rollout plan does not converge: " + strategy + " " + replicas);
    }

    /** The state after a scaling decision, with pods created (not ready) or removed (not-ready ones first) at once. */
    static RolloutState apply(RolloutState state, StepDecision decision) {
        List<RevisionReplicas> olds = new ArrayList<>();
        for (int i = 0; i < state.oldRevisions().size(); i++) {
            RevisionReplicas scaled =
                    state.oldRevisions().get(i).scaledTo(decision.oldDesired().get(i));
            olds.add(new RevisionReplicas(
                    scaled.desired(), scaled.desired(), Math.min(scaled.ready(), scaled.desired())));
        }
        return new RolloutState(state.newRevision().scaledTo(decision.newDesired()), olds);
    }

    private static RolloutState readyWave(RolloutState state) {
        RevisionReplicas next = state.newRevision();
        if (next.ready() >= next.desired()) {
            throw new IllegalStateException("waiting with nothing pending: " + state);
        }
        return new RolloutState(
                new RevisionReplicas(next.desired(), next.desired(), next.desired()), state.oldRevisions());
    }

    private static RolloutState oldPodsGone(RolloutState state) {
        return new RolloutState(
                state.newRevision(),
                state.oldRevisions().stream()
                        .map(o -> new RevisionReplicas(o.desired(), o.desired(), Math.min(o.ready(), o.desired())))
                        .toList());
    }

    private static String label(StepAction action) {
        return switch (action) {
            case WAIT_FOR_READY -> PlanStep.READY;
            case WAIT_FOR_OLD_TERMINATION -> "old_terminated";
            default -> action.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
