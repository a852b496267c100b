package dev.tiffin.rollout.domain;

import static dev.tiffin.contracts.spec.DeploymentStrategy.RECREATE;
import static dev.tiffin.contracts.spec.DeploymentStrategy.ROLLING_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single steps on observed states the live rollout meets: stalls, unhealthy old pods, rollbacks, a lowered target. */
class StepPlannerTest {

    private static final StrategyParameters ROLLING_10 = StrategyParameters.resolve(ROLLING_UPDATE, 10);

    @Test
    void aStalledRolloutWaitsAndKeepsTheOldReplicas() {
        // Given: reference §1.9 "stall rolling r=10": new 5 desired, none ready; old 8
        RolloutState stalled = RolloutState.of(5, 0, 8, 8);

        // When
        StepDecision decision = StepPlanner.next(ROLLING_10, stalled);

        // Then
        assertThat(decision).isEqualTo(new StepDecision(StepAction.WAIT_FOR_READY, 5, List.of(8)));
    }

    @Test
    void rollingBackAStalledRolloutRemovesTheUnhealthyReplicasFirst() {
        // Given: reference §1.7 worked case. The stable revision (8 ready) is the rollout's target again; the failed
        // revision (5 desired, 0 ready) is now old
        RolloutState undo = new RolloutState(RevisionReplicas.of(8, 8), List.of(RevisionReplicas.of(5, 0)));

        // When
        StepDecision cleanup = StepPlanner.next(ROLLING_10, undo);
        RolloutState afterCleanup = RolloutPlanner.apply(undo, cleanup);
        StepDecision scaleUp = StepPlanner.next(ROLLING_10, afterCleanup);

        // Then
        assertThat(cleanup).isEqualTo(new StepDecision(StepAction.SCALE_DOWN_OLD, 8, List.of(0)));
        assertThat(scaleUp).isEqualTo(new StepDecision(StepAction.SCALE_UP_NEW, 10, List.of(0)));
        assertThat(afterCleanup.available()).isEqualTo(8);
    }

    @Test
    void oldRevisionsAreScaledDownOldestFirst() {
        // Given: a rollout started while another was in progress: revision 1 (6 ready), revision 2 (4 ready), new 3
        RolloutState state = new RolloutState(
                RevisionReplicas.of(3, 3), List.of(RevisionReplicas.of(6, 6), RevisionReplicas.of(4, 4)));

        // When: 13 available, min 8 → 5 to remove, all from the oldest
        StepDecision decision = StepPlanner.next(ROLLING_10, state);

        // Then
        assertThat(decision).isEqualTo(new StepDecision(StepAction.SCALE_DOWN_OLD, 3, List.of(1, 4)));
    }

    @Test
    void aLoweredTargetScalesTheNewRevisionDown() {
        // Given: the autoscaler lowered the target from 10 to 4 mid-rollout
        StrategyParameters four = StrategyParameters.resolve(ROLLING_UPDATE, 4);

        // When
        StepDecision decision = StepPlanner.next(four, RolloutState.of(6, 6, 3, 3));

        // Then
        assertThat(decision).isEqualTo(new StepDecision(StepAction.SCALE_DOWN_NEW, 4, List.of(3)));
    }

    @Test
    void aCompleteRolloutIsReported() {
        // When
        StepDecision decision = StepPlanner.next(ROLLING_10, RolloutState.of(10, 10, 0, 0));

        // Then
        assertThat(decision.action()).isEqualTo(StepAction.COMPLETE);
        assertThat(decision.action().scales()).isFalse();
    }

    @Test
    void recreateWaitsUntilNoOldPodRemains() {
        // Given: old scaled to 0, but two pods still terminating
        StrategyParameters recreate = StrategyParameters.resolve(RECREATE, 3);
        RolloutState terminating = new RolloutState(RevisionReplicas.NONE, List.of(new RevisionReplicas(0, 2, 0)));

        // When
        StepDecision waiting = StepPlanner.next(recreate, terminating);
        StepDecision start = StepPlanner.next(recreate, RolloutState.of(0, 0, 0, 0));
        StepDecision stop = StepPlanner.next(recreate, RolloutState.of(0, 0, 3, 3));

        // Then
        assertThat(stop).isEqualTo(new StepDecision(StepAction.SCALE_OLD_TO_ZERO, 0, List.of(0)));
        assertThat(waiting.action()).isEqualTo(StepAction.WAIT_FOR_OLD_TERMINATION);
        assertThat(start).isEqualTo(new StepDecision(StepAction.SCALE_UP_NEW, 3, List.of(0)));
    }

    @Test
    void progressIsCountedAsKubernetesCountsIt() {
        // Then
        assertThat(ProgressDeadline.isProgress(RolloutState.of(3, 0, 10, 10), RolloutState.of(3, 0, 8, 8)))
                .isTrue();
        assertThat(ProgressDeadline.isProgress(RolloutState.of(5, 0, 8, 8), RolloutState.of(5, 2, 8, 8)))
                .isTrue();
        assertThat(ProgressDeadline.isProgress(RolloutState.of(5, 0, 8, 8), RolloutState.of(5, 0, 8, 8)))
                .isFalse();
    }
}
