package dev.tiffin.autoscaler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Behavior;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.ScalingRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The what-if simulator over load steps: high cpu (100% of a 10% target, i.e. ten times what the pods can take) for
 * some ticks, then low cpu (1%, a tenth of the target), every 15 s, under each preset pair.
 */
class SimulatorTest {

    private static final int INTERVAL = 15;

    private static AutoscalingPolicy policy(Behavior up, Behavior down, int min, int max) {
        return AutoscalingPolicy.of(new Autoscaling(
                min, max, List.of(new MetricTarget("cpu", 10.0)), ScalingRules.preset(up), ScalingRules.preset(down)));
    }

    private static List<Simulator.Tick> step(int highTicks, int lowTicks) {
        List<Simulator.Tick> ticks = new ArrayList<>();
        ticks.addAll(Collections.nCopies(highTicks, Simulator.Tick.of(Map.of(MetricType.CPU, 100.0))));
        ticks.addAll(Collections.nCopies(lowTicks, Simulator.Tick.of(Map.of(MetricType.CPU, 1.0))));
        return ticks;
    }

    private static List<Integer> desired(List<Simulator.Step> timeline) {
        return timeline.stream().map(Simulator.Step::desiredReplicas).toList();
    }

    private static List<Integer> repeat(int value, int times) {
        return Collections.nCopies(times, value);
    }

    private static List<Integer> concat(List<?>... parts) {
        List<Integer> all = new ArrayList<>();
        for (List<?> part : parts) {
            for (Object o : part) {
                all.add((Integer) o);
            }
        }
        return all;
    }

    @Test
    void fastUpIsOneHundredPercentOrFourPodsPer15Seconds() {
        // When
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.FAST, Behavior.STABLE, 1, 40), 1, INTERVAL, step(5, 0));

        // Then: +4 beats +100% at 1 (1 -> 5), then +100% (5 -> 10 -> 20 -> 40)
        assertThat(desired(timeline)).containsExactly(5, 10, 20, 40, 40);
        assertThat(timeline.get(0).limitedBy()).isEqualTo(LimitedBy.SCALE_UP_POLICY);
        assertThat(timeline.get(0).recommendedReplicas()).isEqualTo(10);
        assertThat(timeline.get(0).reason())
                .isEqualTo("cpu at 100% of a 10% target (ratio 10) recommends 10; the scale-up policy (+100% per 15 s"
                        + " or +4 pods per 15 s, whichever is higher) allows 5 now: scaling from 1 to 5");
        assertThat(timeline.get(3).limitedBy()).isEqualTo(LimitedBy.MAX_REPLICAS);
        assertThat(timeline).extracting(Simulator.Step::t).containsExactly(0L, 15L, 30L, 45L, 60L);
    }

    @Test
    void fastUpStableDownHoldsTheCountForTheWholeScaleDownWindow() {
        // When: high load for 3 ticks (up to 20), then low load
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.FAST, Behavior.STABLE, 1, 40), 1, INTERVAL, step(3, 22));

        // Then: 1 -> 5 -> 10 -> 20, held at 20 until the t=30 recommendation leaves the 300 s window at t=330
        assertThat(desired(timeline))
                .containsExactlyElementsOf(concat(List.of(5, 10, 20), repeat(20, 19), repeat(2, 3)));
        assertThat(timeline.get(3).limitedBy()).isEqualTo(LimitedBy.SCALE_DOWN_STABILIZATION);
        assertThat(timeline.get(3).reason())
                .endsWith("held at 20: the highest recommendation of the last 300 s (scale-down stabilization window)");
        assertThat(timeline.get(22).t()).isEqualTo(330);
        assertThat(timeline.get(22).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void fastUpFastDownFollowsTheLoadBothWays() {
        // When
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.FAST, Behavior.FAST, 1, 40), 1, INTERVAL, step(3, 3));

        // Then: −100% per 15 s lets the count fall to the recommendation at once
        assertThat(desired(timeline)).containsExactly(5, 10, 20, 2, 1, 1);
    }

    @Test
    void stableUpWaitsTheWhole300SecondWindowThenDoublesPer15Seconds() {
        // When: sustained high load from 1 replica
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.STABLE, Behavior.STABLE, 1, 40), 1, INTERVAL, step(25, 0));

        // Then: the lowest recommendation of the window (the first sight's 1) holds until t=300; then +100% per 15 s
        // up to 10, the lowest recommendation of the last 300 s (made while the count was 1)
        assertThat(desired(timeline)).containsExactlyElementsOf(concat(repeat(1, 20), List.of(2, 4, 8, 10, 10)));
        assertThat(timeline.get(5).limitedBy()).isEqualTo(LimitedBy.SCALE_UP_STABILIZATION);
        assertThat(timeline.get(20).t()).isEqualTo(300);
        assertThat(timeline.get(20).limitedBy()).isEqualTo(LimitedBy.SCALE_UP_POLICY);
    }

    @Test
    void stableUpStableDownStepUpAndDown() {
        // When: high load for 25 ticks (up to 10), then low load from t=375
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.STABLE, Behavior.STABLE, 1, 40), 1, INTERVAL, step(25, 22));

        // Then: up after 300 s; down only once the last high recommendation (t=360) left the 300 s window (t=660)
        List<Integer> desired = desired(timeline);
        assertThat(desired.subList(0, 25)).containsExactlyElementsOf(concat(repeat(1, 20), List.of(2, 4, 8, 10, 10)));
        assertThat(desired.subList(25, 44)).containsOnly(10);
        assertThat(timeline.get(44).t()).isEqualTo(660);
        assertThat(desired.subList(44, 47)).containsOnly(1);
    }

    @Test
    void disabledUpNeverScalesUp() {
        // When
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.DISABLED, Behavior.STABLE, 1, 40), 2, INTERVAL, step(30, 0));

        // Then
        assertThat(desired(timeline)).containsOnly(2);
        assertThat(timeline).extracting(Simulator.Step::limitedBy).containsOnly(LimitedBy.SCALE_UP_DISABLED);
        assertThat(timeline.get(0).reason()).endsWith("scaling up is disabled: keeping 2");
    }

    @Test
    void disabledDownNeverScalesDown() {
        // When: load up to 20, then low load for an hour
        List<Simulator.Step> timeline =
                Simulator.run(policy(Behavior.FAST, Behavior.DISABLED, 1, 40), 1, INTERVAL, step(3, 240));

        // Then
        assertThat(desired(timeline).subList(0, 3)).containsExactly(5, 10, 20);
        assertThat(desired(timeline).subList(3, 243)).containsOnly(20);
        assertThat(timeline.get(242).limitedBy()).isEqualTo(LimitedBy.SCALE_DOWN_DISABLED);
    }

    @Test
    void scaleToZeroAfterAnIdleWindowAndBackOnActivation() {
        // Given: min 0, stable scale-down; a request in flight at t=150
        AutoscalingPolicy policy = policy(Behavior.FAST, Behavior.STABLE, 0, 5);
        Map<MetricType, Double> idle = Map.of(MetricType.CPU, 0.0);
        List<Simulator.Tick> ticks = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            ticks.add(new Simulator.Tick(idle, null, i == 10 ? 1.0 : 0.0, 0.0, false));
        }
        ticks.add(new Simulator.Tick(Map.of(), null, null, null, false));
        ticks.add(new Simulator.Tick(Map.of(), null, null, null, true));

        // When
        List<Simulator.Step> timeline = Simulator.run(policy, 2, INTERVAL, ticks);

        // Then: the first sight's 2 holds for 300 s; then 1 until 300 s after t=150; then 0; an activation -> 1
        List<Integer> desired = desired(timeline);
        assertThat(desired.subList(0, 20)).containsOnly(2);
        assertThat(desired.subList(20, 30)).containsOnly(1);
        assertThat(timeline.get(20).limitedBy()).isEqualTo(LimitedBy.SCALE_TO_ZERO_WINDOW);
        assertThat(desired.subList(30, 33)).containsOnly(0);
        assertThat(desired.get(33)).isEqualTo(1);
        assertThat(timeline.get(33).limitedBy()).isEqualTo(LimitedBy.ACTIVATION);
    }

    @Test
    void readyReplicasBelowTheCurrentCountTreatStartingPodsAsIdleOnScaleUp() {
        // Given: 4 pods of which 2 ready at 100% of an 80% target; the 2 starting pods count as 0%
        AutoscalingPolicy policy =
                AutoscalingPolicy.of(new Autoscaling(1, 10, List.of(new MetricTarget("cpu", 80.0)), null, null));
        Simulator.Tick tick = new Simulator.Tick(Map.of(MetricType.CPU, 100.0), 2, null, null, false);

        // When
        List<Simulator.Step> timeline = Simulator.run(policy, 4, INTERVAL, List.of(tick));

        // Then: ratio 1.25 on the ready pods, 0.625 with the starting ones -> the direction reverses, keep 4
        assertThat(timeline.get(0).desiredReplicas()).isEqualTo(4);
    }
}
