package dev.tiffin.rollout.domain;

import static dev.tiffin.contracts.spec.DeploymentStrategy.BEST_EFFORT_CONTROLLED_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RAMPED_SLOW_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RECREATE;
import static dev.tiffin.contracts.spec.DeploymentStrategy.ROLLING_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole-rollout plans: the invariants on every step for each strategy and 1, 2, 3, 4, 5, 10, 20, 100 replicas, and
 * the exact sequences of the reference's worked examples (§1.9).
 */
class RolloutPlannerTest {

    private static final int[] REPLICAS = {1, 2, 3, 4, 5, 10, 20, 100};

    static Stream<Arguments> everyStrategyAndSize() {
        List<Arguments> cases = new ArrayList<>();
        for (DeploymentStrategy strategy : DeploymentStrategy.values()) {
            for (int n : REPLICAS) {
                cases.add(Arguments.of(strategy, n, n));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> resizingRollouts() {
        List<Arguments> cases = new ArrayList<>();
        for (DeploymentStrategy strategy : DeploymentStrategy.values()) {
            for (int n : REPLICAS) {
                cases.add(Arguments.of(strategy, n, 0));
                cases.add(Arguments.of(strategy, n, Math.max(1, n / 2)));
                cases.add(Arguments.of(strategy, n, n * 2));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} replicas")
    @MethodSource("everyStrategyAndSize")
    void everyStepKeepsTheInvariants(DeploymentStrategy strategy, int n, int current) {
        // When
        RolloutPlan plan = RolloutPlanner.plan(strategy, n, current);

        // Then
        assertThat(plan.steps().get(0))
                .isEqualTo(new PlanStep(PlanStep.INITIAL, 0, current, 0, current, current, current));
        for (PlanStep step : plan.steps()) {
            assertThat(step.total()).as("total of %s", step).isLessThanOrEqualTo(n + plan.maxSurge());
            assertThat(step.available()).as("available of %s", step).isGreaterThanOrEqualTo(plan.minAvailable());
            assertThat(step.total()).isEqualTo(step.newReplicas() + step.oldReplicas());
            assertThat(step.available()).isEqualTo(step.newReady() + step.oldReady());
        }
        assertMonotoneAndComplete(plan, n);
    }

    @ParameterizedTest(name = "{0} {2} -> {1} replicas")
    @MethodSource("resizingRollouts")
    void resizingRolloutsNeverGrowAboveMaxTotalAndEndAtTheTarget(DeploymentStrategy strategy, int n, int current) {
        // When
        RolloutPlan plan = RolloutPlanner.plan(strategy, n, current);

        // Then
        int previousTotal = current;
        for (PlanStep step : plan.steps()) {
            assertThat(step.total())
                    .as("total of %s", step)
                    .isLessThanOrEqualTo(Math.max(plan.maxTotal(), previousTotal));
            assertThat(step.available())
                    .as("available of %s", step)
                    .isGreaterThanOrEqualTo(Math.min(plan.minAvailable(), current));
            previousTotal = step.total();
        }
        assertMonotoneAndComplete(plan, n);
    }

    @Test
    void rollingTenReproducesTheControllerCommentExample() {
        // When
        RolloutPlan plan = RolloutPlanner.plan(ROLLING_UPDATE, 10, 10);

        // Then: reference §1.9 step detail, new spec/ready | old spec/ready
        assertThat(plan.maxSurge()).isEqualTo(3);
        assertThat(plan.maxUnavailable()).isEqualTo(2);
        assertThat(plan.maxTotal()).isEqualTo(13);
        assertThat(plan.minAvailable()).isEqualTo(8);
        assertThat(plan.steps().stream().map(RolloutPlannerTest::detail))
                .containsExactly(
                        "0/0|10/10",
                        "3/0|10/10",
                        "3/0|8/8",
                        "5/0|8/8",
                        "5/5|8/8",
                        "5/5|3/3",
                        "10/5|3/3",
                        "10/10|3/3",
                        "10/10|0/0");
        assertThat(plan.steps().stream().map(PlanStep::action))
                .containsExactly(
                        "initial",
                        "scale_up_new",
                        "scale_down_old",
                        "scale_up_new",
                        "ready",
                        "scale_down_old",
                        "scale_up_new",
                        "ready",
                        "scale_down_old");
    }

    @Test
    void workedSequencesOfTheReference() {
        // Then: readyPairs [newReady, oldReady] of reference §1.9
        assertThat(readyPairs(ROLLING_UPDATE, 10)).isEqualTo("[0,10] [0,8] [5,8] [5,3] [10,3] [10,0]");
        assertThat(readyPairs(ROLLING_UPDATE, 5)).isEqualTo("[0,5] [0,4] [3,4] [3,1] [5,1] [5,0]");
        assertThat(readyPairs(ROLLING_UPDATE, 3)).isEqualTo("[0,3] [1,3] [1,2] [2,2] [2,1] [3,1] [3,0]");
        assertThat(readyPairs(ROLLING_UPDATE, 1)).isEqualTo("[0,1] [1,1] [1,0]");
        assertThat(readyPairs(RAMPED_SLOW_ROLLOUT, 4))
                .isEqualTo("[0,4] [1,4] [1,3] [2,3] [2,2] [3,2] [3,1] [4,1] [4,0]");
        assertThat(readyPairs(BEST_EFFORT_CONTROLLED_ROLLOUT, 10))
                .isEqualTo("[0,10] [0,8] [2,8] [2,6] [4,6] [4,4] [6,4] [6,2] [8,2] [8,0] [10,0]");
        assertThat(readyPairs(BEST_EFFORT_CONTROLLED_ROLLOUT, 4))
                .isEqualTo("[0,4] [0,3] [1,3] [1,2] [2,2] [2,1] [3,1] [3,0] [4,0]");
        assertThat(readyPairs(BEST_EFFORT_CONTROLLED_ROLLOUT, 1)).isEqualTo("[0,1] [0,0] [1,0]");
        assertThat(readyPairs(RECREATE, 3)).isEqualTo("[0,3] [0,0] [3,0]");
    }

    @Test
    void minimumAvailabilityOfTheWorkedSequences() {
        // Then: the "min available during rollout" column of reference §1.9
        assertThat(minAvailable(ROLLING_UPDATE, 10)).isEqualTo(8);
        assertThat(minAvailable(ROLLING_UPDATE, 5)).isEqualTo(4);
        assertThat(minAvailable(ROLLING_UPDATE, 3)).isEqualTo(3);
        assertThat(minAvailable(ROLLING_UPDATE, 1)).isEqualTo(1);
        assertThat(minAvailable(RAMPED_SLOW_ROLLOUT, 4)).isEqualTo(4);
        assertThat(minAvailable(BEST_EFFORT_CONTROLLED_ROLLOUT, 10)).isEqualTo(8);
        assertThat(minAvailable(BEST_EFFORT_CONTROLLED_ROLLOUT, 4)).isEqualTo(3);
        assertThat(minAvailable(BEST_EFFORT_CONTROLLED_ROLLOUT, 1)).isZero();
        assertThat(minAvailable(RECREATE, 3)).isZero();
    }

    @Test
    void recreateStopsEverythingThenStartsEverything() {
        // When
        RolloutPlan plan = RolloutPlanner.plan(RECREATE, 3, 3);

        // Then
        assertThat(plan.steps().stream().map(RolloutPlannerTest::detail))
                .containsExactly("0/0|3/3", "0/0|0/0", "3/0|0/0", "3/3|0/0");
        assertThat(plan.maxSurge()).isZero();
        assertThat(plan.maxUnavailable()).isEqualTo(3);
        assertThat(plan.minAvailable()).isZero();
        assertThat(plan.maxTotal()).isEqualTo(3);
        assertThat(plan.warnings()).hasSize(1);
    }

    @Test
    void aFirstRolloutStartsEveryReplicaAtOnce() {
        // When
        RolloutPlan plan = RolloutPlanner.plan(RAMPED_SLOW_ROLLOUT, 4, 0);

        // Then: nothing old to protect; surge bounds the total, which is 4 + 1
        assertThat(plan.steps().stream().map(RolloutPlannerTest::detail))
                .containsExactly("0/0|0/0", "4/0|0/0", "4/4|0/0");
    }

    @Test
    void scalingToZeroRemovesTheOldReplicas() {
        // When
        RolloutPlan plan = RolloutPlanner.plan(ROLLING_UPDATE, 0, 3);

        // Then
        assertThat(plan.steps().stream().map(RolloutPlannerTest::detail)).containsExactly("0/0|3/3", "0/0|0/0");
    }

    @Test
    void negativeCountsAreRejected() {
        // Then
        assertThatThrownBy(() -> RolloutPlanner.plan(ROLLING_UPDATE, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RolloutPlanner.plan(ROLLING_UPDATE, 1, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertMonotoneAndComplete(RolloutPlan plan, int n) {
        List<PlanStep> steps = plan.steps();
        for (int i = 1; i < steps.size(); i++) {
            PlanStep before = steps.get(i - 1);
            PlanStep after = steps.get(i);
            assertThat(after.newReady()).as("new ready never drops").isGreaterThanOrEqualTo(before.newReady());
            assertThat(after.oldReplicas()).as("old never grows").isLessThanOrEqualTo(before.oldReplicas());
            assertThat(after).as("every step changes something").isNotEqualTo(before);
            boolean newGrew = after.newReplicas() > before.newReplicas() || after.newReady() > before.newReady();
            boolean oldShrank = after.oldReplicas() < before.oldReplicas();
            boolean newShrank = after.newReplicas() < before.newReplicas();
            assertThat(newGrew || oldShrank || newShrank)
                    .as("step %d progresses", i)
                    .isTrue();
        }
        PlanStep last = steps.get(steps.size() - 1);
        assertThat(last.newReplicas()).isEqualTo(n);
        assertThat(last.newReady()).isEqualTo(n);
        assertThat(last.oldReplicas()).isZero();
        assertThat(last.oldReady()).isZero();
    }

    private static String detail(PlanStep s) {
        return s.newReplicas() + "/" + s.newReady() + "|" + s.oldReplicas() + "/" + s.oldReady();
    }

    private static String readyPairs(DeploymentStrategy strategy, int n) {
        List<String> pairs = new ArrayList<>();
        for (PlanStep s : RolloutPlanner.plan(strategy, n, n).steps()) {
            String pair = "[" + s.newReady() + "," + s.oldReady() + "]";
            if (pairs.isEmpty() || !pairs.get(pairs.size() - 1).equals(pair)) {
                pairs.add(pair);
            }
        }
        return String.join(" ", pairs);
    }

    private static int minAvailable(DeploymentStrategy strategy, int n) {
        return RolloutPlanner.plan(strategy, n, n).steps().stream()
                .mapToInt(PlanStep::available)
                .min()
                .orElseThrow();
    }
}
