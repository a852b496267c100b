package dev.tiffin.rollout.domain;

import static dev.tiffin.contracts.spec.DeploymentStrategy.BEST_EFFORT_CONTROLLED_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RAMPED_SLOW_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RECREATE;
import static dev.tiffin.contracts.spec.DeploymentStrategy.ROLLING_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** maxSurge rounded up, maxUnavailable rounded down, the fencepost, the cap at the replicas (reference §1.2). */
class StrategyParametersTest {

    @ParameterizedTest(name = "{0} x{1} -> surge {2} unavailable {3}")
    @CsvSource({
        "RollingUpdate, 0, 0, 0",
        "RollingUpdate, 1, 1, 0",
        "RollingUpdate, 2, 1, 0",
        "RollingUpdate, 3, 1, 0",
        "RollingUpdate, 4, 1, 1",
        "RollingUpdate, 5, 2, 1",
        "RollingUpdate, 10, 3, 2",
        "RollingUpdate, 20, 5, 5",
        "RollingUpdate, 100, 25, 25",
        "RampedSlowRollout, 0, 1, 0",
        "RampedSlowRollout, 1, 1, 0",
        "RampedSlowRollout, 2, 1, 0",
        "RampedSlowRollout, 3, 1, 0",
        "RampedSlowRollout, 4, 1, 0",
        "RampedSlowRollout, 5, 1, 0",
        "RampedSlowRollout, 10, 1, 0",
        "RampedSlowRollout, 20, 1, 0",
        "RampedSlowRollout, 100, 1, 0",
        "BestEffortControlledRollout, 0, 0, 0",
        "BestEffortControlledRollout, 1, 0, 1",
        "BestEffortControlledRollout, 2, 0, 1",
        "BestEffortControlledRollout, 3, 0, 1",
        "BestEffortControlledRollout, 4, 0, 1",
        "BestEffortControlledRollout, 5, 0, 1",
        "BestEffortControlledRollout, 10, 0, 2",
        "BestEffortControlledRollout, 20, 0, 4",
        "BestEffortControlledRollout, 100, 0, 20",
        "Recreate, 0, 0, 0",
        "Recreate, 1, 0, 1",
        "Recreate, 3, 0, 3",
        "Recreate, 100, 0, 100",
    })
    void resolvesLikeKubernetes(String strategy, int replicas, int surge, int unavailable) {
        // When
        StrategyParameters p = StrategyParameters.resolve(DeploymentStrategy.parse(strategy), replicas);

        // Then
        assertThat(p.maxSurge()).isEqualTo(surge);
        assertThat(p.maxUnavailable()).isEqualTo(unavailable);
        assertThat(p.maxTotal()).isEqualTo(replicas + surge);
        assertThat(p.minAvailable()).isEqualTo(replicas - unavailable);
    }

    @Test
    void theFencepostTurnsZeroZeroIntoOneUnavailable() {
        // When
        int[] resolved = StrategyParameters.resolveFenceposts(IntOrPercent.count(0), IntOrPercent.count(0), 7);

        // Then
        assertThat(resolved).containsExactly(0, 1);
    }

    @Test
    void percentagesRoundUpForSurgeAndDownForUnavailable() {
        // Then
        assertThat(IntOrPercent.percent(25).scaled(5, true)).isEqualTo(2);
        assertThat(IntOrPercent.percent(25).scaled(5, false)).isEqualTo(1);
        assertThat(IntOrPercent.percent(20).scaled(4, false)).isZero();
        assertThat(IntOrPercent.count(3).scaled(100, true)).isEqualTo(3);
        assertThat(IntOrPercent.percent(25)).hasToString("25%");
    }

    @Test
    void theStrategiesKeepTheirKubernetesValues() {
        // Then
        assertThat(StrategyParameters.surgeOf(ROLLING_UPDATE)).isEqualTo(IntOrPercent.percent(25));
        assertThat(StrategyParameters.unavailableOf(ROLLING_UPDATE)).isEqualTo(IntOrPercent.percent(25));
        assertThat(StrategyParameters.surgeOf(RAMPED_SLOW_ROLLOUT)).isEqualTo(IntOrPercent.count(1));
        assertThat(StrategyParameters.unavailableOf(RAMPED_SLOW_ROLLOUT)).isEqualTo(IntOrPercent.count(0));
        assertThat(StrategyParameters.surgeOf(BEST_EFFORT_CONTROLLED_ROLLOUT)).isEqualTo(IntOrPercent.count(0));
        assertThat(StrategyParameters.unavailableOf(BEST_EFFORT_CONTROLLED_ROLLOUT))
                .isEqualTo(IntOrPercent.percent(20));
        assertThat(StrategyParameters.resolve(RECREATE, 4).isRecreate()).isTrue();
    }
}
