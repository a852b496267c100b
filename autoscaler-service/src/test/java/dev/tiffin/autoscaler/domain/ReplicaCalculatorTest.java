package dev.tiffin.autoscaler.domain;

import static dev.tiffin.autoscaler.domain.PodState.IGNORED;
import static dev.tiffin.autoscaler.domain.PodState.READY;
import static dev.tiffin.autoscaler.domain.PodState.UNREADY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.autoscaler.domain.MetricRecommendation.Outcome;
import dev.tiffin.contracts.spec.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ports of the Kubernetes HPA's replica calculator tests ({@code replica_calculator_test.go}), named after the
 * upstream functions. Pods are built as the upstream harness builds them: {@code levels[i]} is pod i's usage (pods
 * beyond the levels have no sample: missing; levels beyond the pods are samples of unknown pods: unmatched), and the
 * harness' readiness, phase, deletion and "hot cpu" settings become {@link PodState}s as {@code groupPods} classifies
 * them. For qps (Pods metrics) a not-ready Running pod still counts as ready, as upstream.
 */
class ReplicaCalculatorTest {

    private static final PodState[] ALL_READY = null;

    record Case(
            String name,
            MetricType type,
            int current,
            int expected,
            double target,
            long[] requests,
            long[] levels,
            PodState[] states,
            Double expectedValue) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static long[] req(long... milli) {
        return milli;
    }

    private static long[] levels(long... milli) {
        return milli;
    }

    private static long[] ones(int pods) {
        long[] requests = new long[pods];
        java.util.Arrays.fill(requests, 1000);
        return requests;
    }

    private static PodState[] states(PodState... states) {
        return states;
    }

    private static Case cpu(
            String name,
            int current,
            int expected,
            double target,
            long[] requests,
            long[] levels,
            PodState[] states,
            double utilisation) {
        return new Case(name, MetricType.CPU, current, expected, target, requests, levels, states, utilisation);
    }

    private static Case qps(String name, int current, int expected, long target, long[] levels, long expectedUsage) {
        return new Case(
                name, MetricType.QPS, current, expected, target / 1000.0, null, levels, null, expectedUsage / 1000.0);
    }

    static List<PodSample> pods(Case c) {
        List<PodSample> pods = new ArrayList<>();
        int count = c.requests() == null ? c.levels().length : c.requests().length;
        for (int i = 0; i < count; i++) {
            PodState state = c.states() == null ? READY : c.states()[i];
            Long usage = i < c.levels().length ? c.levels()[i] : null;
            long request = c.requests() == null ? 0 : c.requests()[i];
            pods.add(new PodSample("test-pod-" + i, state, usage, request));
        }
        for (int i = count; i < c.levels().length; i++) {
            pods.add(PodSample.unmatched("unknown-pod-" + i, c.levels()[i]));
        }
        return pods;
    }

    static Stream<Case> replicaCalculatorCases() {
        PodState[] unreadyFirst = states(UNREADY, READY, READY);
        PodState[] unreadyLastTwo = states(READY, UNREADY, UNREADY);
        return Stream.of(
                cpu("TestReplicaCalcScaleUp", 3, 5, 30, ones(3), levels(300, 500, 700), ALL_READY, 50),
                cpu(
                        "TestReplicaCalcScaleUpUnreadyLessScale",
                        3,
                        4,
                        30,
                        ones(3),
                        levels(300, 500, 700),
                        unreadyFirst,
                        60),
                cpu(
                        "TestReplicaCalcScaleUpHotCpuLessScale",
                        3,
                        4,
                        30,
                        ones(3),
                        levels(300, 500, 700),
                        unreadyFirst,
                        60),
                cpu(
                        "TestReplicaCalcScaleUpUnreadyNoScale",
                        3,
                        3,
                        30,
                        ones(3),
                        levels(400, 500, 700),
                        unreadyLastTwo,
                        40),
                cpu("TestReplicaCalcScaleHotCpuNoScale", 3, 3, 30, ones(3), levels(400, 500, 700), unreadyLastTwo, 40),
                cpu(
                        "TestReplicaCalcScaleUpIgnoresFailedPods",
                        2,
                        4,
                        30,
                        ones(4),
                        levels(500, 700),
                        states(READY, READY, IGNORED, IGNORED),
                        60),
                cpu(
                        "TestReplicaCalcScaleUpIgnoresDeletionPods",
                        2,
                        4,
                        30,
                        ones(4),
                        levels(500, 700),
                        states(READY, READY, IGNORED, IGNORED),
                        60),
                cpu("TestReplicaCalcScaleDown", 5, 3, 50, ones(5), levels(100, 300, 500, 250, 250), ALL_READY, 28),
                cpu(
                        "TestReplicaCalcScaleDownIncludeUnreadyPods",
                        5,
                        2,
                        50,
                        ones(5),
                        levels(100, 300, 500, 250, 250),
                        states(READY, READY, READY, UNREADY, UNREADY),
                        30),
                cpu(
                        "TestReplicaCalcScaleDownExcludeUnscheduledPods",
                        5,
                        1,
                        50,
                        ones(5),
                        levels(100),
                        states(READY, UNREADY, UNREADY, UNREADY, UNREADY),
                        10),
                cpu(
                        "TestReplicaCalcScaleDownIgnoreHotCpuPods",
                        5,
                        2,
                        50,
                        ones(5),
                        levels(100, 300, 500, 250, 250),
                        states(READY, READY, READY, UNREADY, UNREADY),
                        30),
                cpu(
                        "TestReplicaCalcScaleDownIgnoresFailedPods",
                        5,
                        3,
                        50,
                        ones(7),
                        levels(100, 300, 500, 250, 250),
                        states(READY, READY, READY, READY, READY, IGNORED, IGNORED),
                        28),
                cpu(
                        "TestReplicaCalcScaleDownIgnoresDeletionPods",
                        5,
                        3,
                        50,
                        ones(7),
                        levels(100, 300, 500, 250, 250),
                        states(READY, READY, READY, READY, READY, IGNORED, IGNORED),
                        28),
                cpu(
                        "TestReplicaCalcTolerance",
                        3,
                        3,
                        100,
                        req(900, 1000, 1100),
                        levels(1010, 1030, 1020),
                        ALL_READY,
                        102),
                cpu(
                        "TestReplicaCalcSuperfluousMetrics",
                        4,
                        24,
                        100,
                        ones(4),
                        levels(4000, 9500, 3000, 7000, 3200, 2000),
                        ALL_READY,
                        587),
                cpu("TestReplicaCalcMissingMetrics", 4, 3, 100, ones(4), levels(400, 95), ALL_READY, 24),
                cpu("TestReplicaCalcMissingMetricsNoChangeEq", 2, 2, 100, ones(2), levels(1000), ALL_READY, 100),
                cpu("TestReplicaCalcMissingMetricsNoChangeGt", 2, 2, 100, ones(2), levels(1900), ALL_READY, 190),
                cpu("TestReplicaCalcMissingMetricsNoChangeLt", 2, 2, 100, ones(2), levels(600), ALL_READY, 60),
                cpu(
                        "TestReplicaCalcMissingMetricsUnreadyChange",
                        3,
                        3,
                        50,
                        ones(3),
                        levels(100, 450),
                        unreadyFirst,
                        45),
                cpu(
                        "TestReplicaCalcMissingMetricsHotCpuNoChange",
                        3,
                        3,
                        50,
                        ones(3),
                        levels(100, 450),
                        unreadyFirst,
                        45),
                cpu(
                        "TestReplicaCalcMissingMetricsUnreadyScaleUp",
                        3,
                        4,
                        50,
                        ones(3),
                        levels(100, 2000),
                        unreadyFirst,
                        200),
                cpu(
                        "TestReplicaCalcMissingMetricsHotCpuScaleUp",
                        3,
                        4,
                        50,
                        ones(3),
                        levels(100, 2000),
                        unreadyFirst,
                        200),
                cpu(
                        "TestReplicaCalcMissingMetricsUnreadyScaleDown",
                        4,
                        3,
                        50,
                        ones(4),
                        levels(100, 100, 100),
                        states(UNREADY, READY, READY, READY),
                        10),
                cpu(
                        "TestReplicaCalcDuringRollingUpdateWithMaxSurge",
                        2,
                        2,
                        50,
                        ones(3),
                        levels(100, 100),
                        ALL_READY,
                        10),
                qps("TestReplicaCalcScaleUpCM", 3, 4, 15000, levels(20000, 10000, 30000), 20000),
                qps(
                        "TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale",
                        3,
                        6,
                        15000,
                        levels(50000, 10000, 30000),
                        30000),
                qps(
                        "TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown",
                        3,
                        7,
                        15000,
                        levels(50000, 15000, 30000),
                        31666),
                qps("TestReplicaCalcScaleUpCMExternalNoLabels", 1, 2, 4400, levels(8600), 8600),
                qps("TestReplicaCalcScaleDownCM", 5, 3, 20000, levels(12000, 12000, 12000, 12000, 12000), 12000),
                qps("TestReplicaCalcToleranceCM", 3, 3, 20000, levels(20000, 21000, 21000), 20666));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replicaCalculatorCases")
    void portedCase(Case c) {
        // Given
        Target target = new Target(c.type(), c.target());

        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                target, new MetricReading.Pods(pods(c)), c.current(), c.current(), Tolerance.DEFAULT);

        // Then
        assertThat(proposal.replicas()).isEqualTo(c.expected());
        assertThat(proposal.value()).isEqualTo(c.expectedValue());
    }

    @Test
    void testReplicaCalcEmptyMetrics() {
        // Given: three pods, no sample at all
        List<PodSample> pods =
                List.of(PodSample.missing("a", 1000), PodSample.missing("b", 1000), PodSample.missing("c", 1000));

        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.CPU, 100), new MetricReading.Pods(pods), 4, 4, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }

    @Test
    void testReplicaCalcEmptyCPURequest() {
        // Given: a pod without a cpu request
        List<PodSample> pods = List.of(PodSample.ready("a", 200, 0));

        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.CPU, 100), new MetricReading.Pods(pods), 1, 1, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }

    @Test
    void testReplicaCalcDisjointResourcesMetrics() {
        // Given: the only sample belongs to a pod the selector does not match
        List<PodSample> pods = List.of(PodSample.missing("a-pod", 1000), PodSample.unmatched("an-older-pod-name", 100));

        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.CPU, 100), new MetricReading.Pods(pods), 1, 1, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }

    @Test
    void testReplicaCalcComputedToleranceAlgImplementation() {
        // Given: 10 pods using 150m each of ~300m requests (50%), the target just outside, then just inside, 10%
        int startPods = 10;
        long perPodRequested = 300;
        long[] requests = {
            perPodRequested + 100,
            perPodRequested - 100,
            perPodRequested + 10,
            perPodRequested - 10,
            perPodRequested + 2,
            perPodRequested - 2,
            perPodRequested + 1,
            perPodRequested - 1,
            perPodRequested,
            perPodRequested
        };
        long[] levels = new long[startPods];
        java.util.Arrays.fill(levels, 150);
        Case outside = cpu("scale", startPods, 9, (int) ((1 / (2 * 0.9) + .01) * 100), requests, levels, null, 50);
        Case inside = cpu("no scale", startPods, 10, (int) ((1 / (2 * 0.9) + .004) * 100), requests, levels, null, 50);

        // When
        MetricRecommendation scaled = ReplicaCalculator.propose(
                new Target(MetricType.CPU, outside.target()),
                new MetricReading.Pods(pods(outside)),
                startPods,
                startPods,
                Tolerance.DEFAULT);
        MetricRecommendation kept = ReplicaCalculator.propose(
                new Target(MetricType.CPU, inside.target()),
                new MetricReading.Pods(pods(inside)),
                startPods,
                startPods,
                Tolerance.DEFAULT);

        // Then
        assertThat(outside.target()).isEqualTo(56);
        assertThat(scaled.replicas()).isEqualTo(9);
        assertThat(kept.replicas()).isEqualTo(10);
        assertThat(kept.outcome()).isEqualTo(Outcome.HELD);
    }

    @Test
    void averageUtilisationOverReadyPodsScalesByTheRatio() {
        // When: cpu at 95% on 3 pods, target 80% -> ratio 1.1875 -> ceil(3.56)
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.CPU, 80), MetricReading.average(95), 3, 3, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.replicas()).isEqualTo(4);
        assertThat(proposal.value()).isEqualTo(95.0);
        assertThat(proposal.ratio()).isEqualTo(95 / 80.0);
    }

    @Test
    void averageUtilisationIsTruncatedToAWholePercentAsTheHpaReportsIt() {
        // When: 87.9% of an 80% target -> 87 -> ratio 1.0875, within the tolerance
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.CPU, 80), MetricReading.average(87.9), 4, 4, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.value()).isEqualTo(87.0);
        assertThat(proposal.replicas()).isEqualTo(4);
        assertThat(proposal.outcome()).isEqualTo(Outcome.HELD);
    }

    @Test
    void qpsIsTotalOverReadyPodsAgainstThePerReplicaTarget() {
        // When: 120 req/s over 2 ready pods = 60 per pod, target 50 -> ratio 1.2 -> ceil(2.4)
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.QPS, 50), MetricReading.average(120), 2, 2, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.value()).isEqualTo(60.0);
        assertThat(proposal.replicas()).isEqualTo(3);
    }

    @Test
    void unreadyPodsCountAsZeroOnScaleUpAndCanReverseIt() {
        // Given: 3 pods, 2 ready at 60 req/s each (ratio 1.2); the starting pod counts as 0 -> 40 per pod, ratio 0.8
        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.QPS, 50), MetricReading.average(120), 3, 2, Tolerance.DEFAULT);

        // Then: the direction reversed, keep the current count
        assertThat(proposal.replicas()).isEqualTo(3);
        assertThat(proposal.outcome()).isEqualTo(Outcome.HELD);
    }

    @Test
    void noReadyPodMeansTheMetricCannotBeRead() {
        // When
        MetricRecommendation proposal = ReplicaCalculator.propose(
                new Target(MetricType.GPU, 70), MetricReading.average(90), 2, 0, Tolerance.DEFAULT);

        // Then
        assertThat(proposal.outcome()).isEqualTo(Outcome.UNAVAILABLE);
    }
}
