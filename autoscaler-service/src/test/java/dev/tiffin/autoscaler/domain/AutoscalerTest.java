package dev.tiffin.autoscaler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.ScalingPolicy;
import dev.tiffin.contracts.spec.ScalingRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision function as a whole: ports of the HPA controller tests that exercise {@code reconcileAutoscaler}
 * (several metrics, an unreadable one, a current count out of range), then the presets, scale to zero and scale from
 * zero.
 */
class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static AutoscalingPolicy policy(int min, int max, List<MetricTarget> metrics, String up, String down) {
        return AutoscalingPolicy.of(new Autoscaling(
                min, max, metrics, ScalingRules.preset(behavior(up)), ScalingRules.preset(behavior(down))));
    }

    private static dev.tiffin.contracts.spec.Behavior behavior(String wire) {
        return dev.tiffin.contracts.spec.Behavior.parse(wire);
    }

    private static MetricReading.Pods cpuPods(long... levels) {
        List<PodSample> pods = new java.util.ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            pods.add(PodSample.ready("pod-" + i, levels[i], 1000));
        }
        return new MetricReading.Pods(pods);
    }

    @Test
    void testScaleUpOneMetricEmpty() {
        // Given: cpu at 40% of a 30% target on 3 pods; the qps metric cannot be read
        AutoscalingPolicy policy =
                policy(2, 6, List.of(new MetricTarget("cpu", 30.0), new MetricTarget("qps", 0.1)), "fast", "stable");
        Observation observation = Observation.of(T0, 3, Map.of(MetricType.CPU, cpuPods(300, 400, 500)));

        // When
        Evaluation evaluation = Autoscaler.evaluate(policy, AutoscalerState.EMPTY, observation);

        // Then: an unreadable metric does not block a scale-up
        assertThat(evaluation.decision().desiredReplicas()).isEqualTo(4);
        assertThat(evaluation.decision().limitedBy()).isEqualTo(LimitedBy.NONE);
        assertThat(evaluation.state().scaleUpEvents()).containsExactly(new ScaleEvent(1, T0, false));
    }

    @Test
    void testNoScaleDownOneMetricEmpty() {
        // Given: cpu recommends 3 of 5; the qps metric cannot be read
        AutoscalingPolicy policy =
                policy(2, 6, List.of(new MetricTarget("cpu", 50.0), new MetricTarget("qps", 1.0)), "fast", "fast");
        Observation observation = Observation.of(T0, 5, Map.of(MetricType.CPU, cpuPods(100, 300, 500, 250, 250)));

        // When
        Evaluation evaluation = Autoscaler.evaluate(policy, AutoscalerState.EMPTY, observation);

        // Then
        ScalingDecision decision = evaluation.decision();
        assertThat(decision.desiredReplicas()).isEqualTo(5);
        assertThat(decision.limitedBy()).isEqualTo(LimitedBy.METRIC_UNAVAILABLE);
        assertThat(decision.reason()).contains("qps could not be read").contains("not scaling down");
    }

    @Test
    void testScaleUpRCImmediately() {
        // Given: current 1 below min 2, idle pods
        AutoscalingPolicy policy = policy(2, 6, List.of(new MetricTarget("cpu", 80.0)), "stable", "stable");

        // When
        Evaluation evaluation = Autoscaler.evaluate(
                policy, AutoscalerState.EMPTY, Observation.of(T0, 1, Map.of(MetricType.CPU, cpuPods(0))));

        // Then: straight to the bound, neither stabilization nor rate limits apply
        assertThat(evaluation.decision().desiredReplicas()).isEqualTo(2);
        assertThat(evaluation.decision().limitedBy()).isEqualTo(LimitedBy.MIN_REPLICAS);
    }

    @Test
    void testScaleDownRCImmediately() {
        // Given: current 6 above max 5, busy pods
        AutoscalingPolicy policy = policy(2, 5, List.of(new MetricTarget("cpu", 50.0)), "fast", "stable");
        Observation observation = Observation.of(T0, 6, Map.of(MetricType.CPU, cpuPods(8000, 9500, 1000)));

        // When
        Evaluation evaluation = Autoscaler.evaluate(policy, AutoscalerState.EMPTY, observation);

        // Then
        assertThat(evaluation.decision().desiredReplicas()).isEqualTo(5);
        assertThat(evaluation.decision().limitedBy()).isEqualTo(LimitedBy.MAX_REPLICAS);
        assertThat(evaluation.decision().reason()).isEqualTo("above max_replicas 5: scaling from 6 to 5");
    }

    @Test
    void severalMetricsTakeTheLargestRecommendation() {
        // Given: cpu wants 4, qps wants 6, memory wants 2
        AutoscalingPolicy policy = policy(
                1,
                20,
                List.of(new MetricTarget("cpu", 50.0), new MetricTarget("qps", 10.0), new MetricTarget("memory", 80.0)),
                "fast",
                "fast");
        Observation observation = Observation.of(
                T0,
                3,
                Map.of(
                        MetricType.CPU, MetricReading.average(65),
                        MetricType.QPS, MetricReading.average(60),
                        MetricType.MEMORY, MetricReading.average(40)));

        // When
        ScalingDecision decision =
                Autoscaler.evaluate(policy, AutoscalerState.EMPTY, observation).decision();

        // Then
        assertThat(decision.metrics())
                .extracting(MetricRecommendation::type, MetricRecommendation::replicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(MetricType.CPU, 4),
                        org.assertj.core.groups.Tuple.tuple(MetricType.QPS, 6),
                        org.assertj.core.groups.Tuple.tuple(MetricType.MEMORY, 2));
        assertThat(decision.recommendedReplicas()).isEqualTo(6);
        assertThat(decision.desiredReplicas()).isEqualTo(6);
        assertThat(decision.reason())
                .isEqualTo("qps at 20 req/s per ready replica of a 10 req/s target (ratio 2) recommends 6;"
                        + " scaling from 3 to 6");
    }

    @Test
    void withinToleranceKeepsTheCountAndSaysSo() {
        // Given
        AutoscalingPolicy policy = policy(1, 10, List.of(new MetricTarget("cpu", 80.0)), "fast", "fast");

        // When
        ScalingDecision decision = Autoscaler.evaluate(
                        policy,
                        AutoscalerState.EMPTY,
                        Observation.of(T0, 4, Map.of(MetricType.CPU, MetricReading.average(85))))
                .decision();

        // Then
        assertThat(decision.desiredReplicas()).isEqualTo(4);
        assertThat(decision.limitedBy()).isEqualTo(LimitedBy.TOLERANCE);
        assertThat(decision.reason()).endsWith("within the 10% tolerance: keeping 4");
    }

    @Test
    void defaultsAreFastUpStableDownAndCpu80() {
        // When
        AutoscalingPolicy policy = AutoscalingPolicy.of(new Autoscaling(1, 5, null, null, null));

        // Then
        assertThat(policy.targets()).containsExactly(new Target(MetricType.CPU, 80));
        assertThat(policy.scaleUp())
                .isEqualTo(new DirectionRules(
                        0, List.of(RatePolicy.percent(100, 15), RatePolicy.pods(4, 15)), SelectPolicy.MAX));
        assertThat(policy.scaleDown())
                .isEqualTo(new DirectionRules(300, List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX));
    }

    @Test
    void presetsAreDesignTable() {
        // When
        AutoscalingPolicy fast = policy(1, 5, null, "fast", "fast");
        AutoscalingPolicy stable = policy(1, 5, null, "stable", "stable");
        AutoscalingPolicy disabled = policy(1, 5, null, "disabled", "disabled");

        // Then
        DirectionRules fastRules =
                new DirectionRules(0, List.of(RatePolicy.percent(100, 15), RatePolicy.pods(4, 15)), SelectPolicy.MAX);
        DirectionRules stableRules = new DirectionRules(300, List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX);
        assertThat(fast.scaleUp()).isEqualTo(fastRules);
        assertThat(fast.scaleDown()).isEqualTo(fastRules);
        assertThat(stable.scaleUp()).isEqualTo(stableRules);
        assertThat(stable.scaleDown()).isEqualTo(stableRules);
        assertThat(disabled.scaleUp().select()).isEqualTo(SelectPolicy.DISABLED);
        assertThat(disabled.scaleDown().select()).isEqualTo(SelectPolicy.DISABLED);
    }

    @Test
    void explicitFieldsOverrideThePreset() {
        // When
        AutoscalingPolicy policy = AutoscalingPolicy.of(new Autoscaling(
                1, 5, null, new ScalingRules("stable", 60, List.of(new ScalingPolicy("pods", 2, 30)), "min"), null));

        // Then
        assertThat(policy.scaleUp())
                .isEqualTo(new DirectionRules(60, List.of(RatePolicy.pods(2, 30)), SelectPolicy.MIN));
    }

    @Test
    void anActivationScalesFromZeroAtOnce() {
        // Given: min 0, stable scale-up (a 300 s window that would otherwise hold the count)
        AutoscalingPolicy policy = policy(0, 5, List.of(new MetricTarget("cpu", 50.0)), "stable", "stable");
        Observation activation = new Observation(T0, 0, 0, Map.of(), null, null, true);

        // When
        Evaluation evaluation = Autoscaler.evaluate(policy, AutoscalerState.EMPTY, activation);

        // Then
        assertThat(evaluation.decision().desiredReplicas()).isEqualTo(1);
        assertThat(evaluation.decision().limitedBy()).isEqualTo(LimitedBy.ACTIVATION);
        assertThat(evaluation.decision().reason())
                .isEqualTo("a request arrived at zero replicas: scaling from 0 to 1 at once");
        assertThat(evaluation.state().scaleUpEvents()).containsExactly(new ScaleEvent(1, T0, false));
    }

    @Test
    void anActivationWithQueuedRateScalesToCeilRatioWithinThePolicyAndMax() {
        // Given: 300 req/s waiting for a component with a 50 req/s per replica target -> ceil(6)
        AutoscalingPolicy fast = policy(0, 5, List.of(new MetricTarget("qps", 50.0)), "fast", "stable");
        AutoscalingPolicy small = policy(0, 1, List.of(new MetricTarget("qps", 50.0)), "fast", "stable");
        Observation activation =
                new Observation(T0, 0, 0, Map.of(MetricType.QPS, MetricReading.average(300)), null, null, true);

        // When
        int fastDesired = Autoscaler.evaluate(fast, AutoscalerState.EMPTY, activation)
                .decision()
                .desiredReplicas();
        int smallDesired = Autoscaler.evaluate(small, AutoscalerState.EMPTY, activation)
                .decision()
                .desiredReplicas();

        // Then: the fast policy allows +4 pods from zero; never above max
        assertThat(fastDesired).isEqualTo(4);
        assertThat(smallDesired).isEqualTo(1);
    }

    @Test
    void atZeroWithoutDemandNothingHappens() {
        // Given
        AutoscalingPolicy policy = policy(0, 5, List.of(new MetricTarget("cpu", 50.0)), "fast", "fast");

        // When
        ScalingDecision decision = Autoscaler.evaluate(
                        policy, AutoscalerState.EMPTY, new Observation(T0, 0, 0, Map.of(), 0.0, 0.0, false))
                .decision();

        // Then
        assertThat(decision.desiredReplicas()).isZero();
        assertThat(decision.reason()).isEqualTo("no requests at zero replicas: staying at 0");
    }

    @Test
    void scaleToZeroWaitsUntilNoRequestForTheWholeScaleDownWindow() {
        // Given: fast scale-down with a 30 s window; cpu idle throughout, one request in flight at t=20
        AutoscalingPolicy policy = AutoscalingPolicy.of(new Autoscaling(
                0, 5, List.of(new MetricTarget("cpu", 50.0)), null, new ScalingRules("fast", 30, null, null)));
        Map<MetricType, MetricReading> idleCpu = Map.of(MetricType.CPU, MetricReading.average(0));
        Evaluation first =
                Autoscaler.evaluate(policy, AutoscalerState.EMPTY, new Observation(T0, 2, 2, idleCpu, 0.0, 0.0, false));
        Evaluation busy = Autoscaler.evaluate(
                policy, first.state(), new Observation(T0.plusSeconds(20), 2, 2, idleCpu, 1.0, 0.0, false));

        // When
        Evaluation tooSoon = Autoscaler.evaluate(
                policy, busy.state(), new Observation(T0.plusSeconds(31), 2, 2, idleCpu, 0.0, 0.0, false));
        Evaluation idleLongEnough = Autoscaler.evaluate(
                policy, tooSoon.state(), new Observation(T0.plusSeconds(50), 1, 1, idleCpu, 0.0, 0.0, false));

        // Then: the first sight seeds the window with 2; at t=31 the metrics allow 0 but a request was in flight
        // 11 s ago; at t=50 nothing has been in flight for the whole 30 s window
        assertThat(first.decision().desiredReplicas()).isEqualTo(2);
        assertThat(busy.decision().desiredReplicas()).isEqualTo(2);
        assertThat(tooSoon.decision().desiredReplicas()).isEqualTo(1);
        assertThat(tooSoon.decision().limitedBy()).isEqualTo(LimitedBy.SCALE_TO_ZERO_WINDOW);
        assertThat(idleLongEnough.decision().desiredReplicas()).isZero();
    }

    @Test
    void theStateSurvivesAJsonRoundTrip() throws Exception {
        // Given: a state with history in every list
        AutoscalingPolicy policy = policy(1, 10, List.of(new MetricTarget("cpu", 50.0)), "fast", "stable");
        AutoscalerState state = Autoscaler.evaluate(
                        policy,
                        AutoscalerState.EMPTY,
                        Observation.of(T0, 2, Map.of(MetricType.CPU, MetricReading.average(100))))
                .state();
        state = Autoscaler.evaluate(
                        policy,
                        state,
                        Observation.of(T0.plusSeconds(15), 4, Map.of(MetricType.CPU, MetricReading.average(5))))
                .state();

        // When
        AutoscalerState back = TiffinJson.mapper().readValue(TiffinJson.write(state), AutoscalerState.class);

        // Then
        assertThat(back).isEqualTo(state);
        assertThat(back.recommendations()).isNotEmpty();
        assertThat(back.scaleUpEvents()).hasSize(1);
    }
}
