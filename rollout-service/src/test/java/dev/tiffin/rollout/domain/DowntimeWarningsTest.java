package dev.tiffin.rollout.domain;

import static dev.tiffin.contracts.spec.DeploymentStrategy.BEST_EFFORT_CONTROLLED_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RAMPED_SLOW_ROLLOUT;
import static dev.tiffin.contracts.spec.DeploymentStrategy.RECREATE;
import static dev.tiffin.contracts.spec.DeploymentStrategy.ROLLING_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DowntimeWarningsTest {

    @Test
    void recreateAlwaysWarns() {
        // Then
        assertThat(DowntimeWarnings.of(RECREATE, 10)).singleElement().asString().contains("downtime");
        assertThat(DowntimeWarnings.of(RECREATE, 1)).hasSize(1);
    }

    @Test
    void bestEffortWarnsBelowFiveReplicas() {
        // Then
        assertThat(DowntimeWarnings.of(BEST_EFFORT_CONTROLLED_ROLLOUT, 1))
                .singleElement()
                .asString()
                .contains("serves no requests");
        assertThat(DowntimeWarnings.of(BEST_EFFORT_CONTROLLED_ROLLOUT, 4))
                .singleElement()
                .asString()
                .contains("1 replica (25%)");
        assertThat(DowntimeWarnings.of(BEST_EFFORT_CONTROLLED_ROLLOUT, 5)).isEmpty();
        assertThat(DowntimeWarnings.of(BEST_EFFORT_CONTROLLED_ROLLOUT, 20)).isEmpty();
    }

    @Test
    void surgingStrategiesNeverWarn() {
        // Then
        for (int n : new int[] {1, 2, 3, 4, 5, 10}) {
            assertThat(DowntimeWarnings.of(ROLLING_UPDATE, n)).isEmpty();
            assertThat(DowntimeWarnings.of(RAMPED_SLOW_ROLLOUT, n)).isEmpty();
        }
    }
}
