package dev.tiffin.autoscaler.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ports of the Kubernetes HPA's behaviour tests ({@code pkg/controller/podautoscaler/horizontal_test.go}):
 * {@code TestScalingWithRules}, {@code TestNormalizeDesiredReplicasWithBehavior}, {@code TestStoreScaleEvents},
 * {@code TestCalculateScaleUpLimitWithScalingRules} and {@code TestCalculateScaleDownLimitWithBehaviors}. Each case
 * keeps its upstream name and values.
 */
class BehaviorsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** {@code GenerateHPAScaleUpRules(nil)}: window 0, Max, [Pods 4 / 15 s, Percent 100 / 15 s]. */
    private static final DirectionRules DEFAULT_UP =
            new DirectionRules(0, List.of(RatePolicy.pods(4, 15), RatePolicy.percent(100, 15)), SelectPolicy.MAX);

    /** {@code GenerateHPAScaleDownRules(nil)}: Max, [Percent 100 / 15 s] (the window is the controller's 300 s). */
    private static final DirectionRules DEFAULT_DOWN =
            new DirectionRules(300, List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX);

    /** {@code generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow)}. */
    private static DirectionRules rules(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
        List<RatePolicy> policies = new ArrayList<>();
        if (pods != 0) {
            policies.add(RatePolicy.pods(pods, podsPeriod));
        }
        if (percent != 0) {
            policies.add(RatePolicy.percent(percent, percentPeriod));
        }
        return new DirectionRules(window, policies, SelectPolicy.MAX);
    }

    /** {@code generateEventsUniformDistribution}: each event in the middle of its segment of the last period. */
    private static List<ScaleEvent> uniform(int periodSeconds, int... changes) {
        List<ScaleEvent> events = new ArrayList<>();
        double segment = (double) periodSeconds / changes.length;
        for (int i = 0; i < changes.length; i++) {
            long secondsAgo = (long) (periodSeconds - segment * (i + 1) + segment / 2);
            events.add(new ScaleEvent(changes[i], NOW.minusSeconds(secondsAgo), false));
        }
        return events;
    }

    record RuleCase(
            String name,
            List<ScaleEvent> upEvents,
            List<ScaleEvent> downEvents,
            int min,
            int max,
            DirectionRules up,
            DirectionRules down,
            int current,
            int prenormalized,
            int expected,
            String condition) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static RuleCase rule(
            String name,
            int min,
            int max,
            DirectionRules up,
            DirectionRules down,
            int current,
            int desired,
            int expected,
            String condition) {
        return new RuleCase(name, List.of(), List.of(), min, max, up, down, current, desired, expected, condition);
    }

    private static RuleCase events(
            String name,
            List<ScaleEvent> upEvents,
            List<ScaleEvent> downEvents,
            int min,
            int max,
            DirectionRules up,
            DirectionRules down,
            int current,
            int desired,
            int expected,
            String condition) {
        return new RuleCase(name, upEvents, downEvents, min, max, up, down, current, desired, expected, condition);
    }

    static Stream<RuleCase> testScalingWithRules() {
        List<ScaleEvent> none = List.of();
        return Stream.of(
                rule(
                        "prenormalized desired replicas within range",
                        3,
                        8,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        5,
                        7,
                        7,
                        "DesiredWithinRange"),
                rule(
                        "prenormalized desired replicas < minReplicas",
                        2,
                        8,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        3,
                        1,
                        2,
                        "TooFewReplicas"),
                rule(
                        "prenormalized desired replicas within range when minReplicas is 0",
                        0,
                        10,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        1,
                        0,
                        0,
                        "DesiredWithinRange"),
                rule(
                        "maxReplicas is the limit because maxReplicas < scaleUpLimit",
                        1,
                        10,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        20,
                        1000,
                        10,
                        "TooManyReplicas"),
                rule(
                        "desired replica count is more than the maximum replica count",
                        100,
                        150,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        100,
                        1000,
                        150,
                        "TooManyReplicas"),
                rule(
                        "scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies",
                        1,
                        2000,
                        rules(0, 0, 1, 60, 0),
                        DEFAULT_DOWN,
                        3,
                        1000,
                        4,
                        "ScaleUpLimit"),
                // Upstream marks this case testThis: true, which makes its loop skip it; the port runs it.
                rule(
                        "scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies",
                        3,
                        2000,
                        DEFAULT_UP,
                        rules(20, 60, 0, 0, 0),
                        1000,
                        3,
                        980,
                        "ScaleDownLimit"),
                rule("scaleUp with default behavior", 1, 1000, DEFAULT_UP, DEFAULT_DOWN, 10, 50, 20, "ScaleUpLimit"),
                rule(
                        "scaleUp with pods policy larger than percent policy",
                        1,
                        1000,
                        rules(100, 60, 100, 60, 0),
                        DEFAULT_DOWN,
                        10,
                        500,
                        110,
                        "ScaleUpLimit"),
                rule(
                        "scaleUp with percent policy larger than pods policy",
                        1,
                        1000,
                        rules(2, 60, 100, 60, 0),
                        DEFAULT_DOWN,
                        10,
                        500,
                        20,
                        "ScaleUpLimit"),
                rule(
                        "scaleUp with spec MaxReplicas limitation with large pod policy",
                        1,
                        1000,
                        rules(100, 60, 0, 0, 0),
                        DEFAULT_DOWN,
                        10,
                        50,
                        50,
                        "DesiredWithinRange"),
                rule(
                        "scaleUp with spec MaxReplicas limitation with large percent policy",
                        1,
                        1000,
                        rules(10000, 60, 0, 0, 0),
                        DEFAULT_DOWN,
                        10,
                        50,
                        50,
                        "DesiredWithinRange"),
                rule(
                        "scaleUp with pod policy limitation",
                        1,
                        1000,
                        rules(30, 60, 0, 0, 0),
                        DEFAULT_DOWN,
                        10,
                        50,
                        40,
                        "ScaleUpLimit"),
                rule(
                        "scaleUp with percent policy limitation",
                        1,
                        1000,
                        rules(0, 0, 200, 60, 0),
                        DEFAULT_DOWN,
                        10,
                        50,
                        30,
                        "ScaleUpLimit"),
                rule(
                        "scaleDown with percent policy larger than pod policy",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(20, 60, 1, 60, 300),
                        100,
                        2,
                        80,
                        "ScaleDownLimit"),
                rule(
                        "scaleDown with pod policy larger than percent policy",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(2, 60, 1, 60, 300),
                        100,
                        2,
                        98,
                        "ScaleDownLimit"),
                rule(
                        "scaleDown with spec MinReplicas=nil limitation with large pod policy",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(100, 60, 0, 0, 300),
                        10,
                        0,
                        1,
                        "TooFewReplicas"),
                rule(
                        "scaleDown with spec MinReplicas limitation with large pod policy",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(100, 60, 0, 0, 300),
                        10,
                        0,
                        1,
                        "TooFewReplicas"),
                rule(
                        "scaleDown with spec MinReplicas limitation with large percent policy",
                        5,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 100, 60, 300),
                        10,
                        2,
                        5,
                        "TooFewReplicas"),
                rule(
                        "scaleDown with pod policy limitation",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(5, 60, 0, 0, 300),
                        10,
                        2,
                        5,
                        "ScaleDownLimit"),
                rule(
                        "scaleDown with percent policy limitation",
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 50, 60, 300),
                        10,
                        5,
                        5,
                        "DesiredWithinRange"),
                events(
                        "scaleUp with spec MaxReplicas limitation with large pod policy and events",
                        uniform(120, 1, 5, 9),
                        none,
                        1,
                        200,
                        rules(300, 60, 0, 0, 0),
                        DEFAULT_DOWN,
                        100,
                        500,
                        200,
                        "TooManyReplicas"),
                events(
                        "scaleUp with spec MaxReplicas limitation with large percent policy and events",
                        uniform(120, 1, 5, 9),
                        none,
                        1,
                        200,
                        rules(0, 0, 10000, 60, 0),
                        DEFAULT_DOWN,
                        100,
                        500,
                        200,
                        "TooManyReplicas"),
                events(
                        "scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up"
                                + " events",
                        uniform(120, 1, 5, 9),
                        none,
                        1,
                        1000,
                        rules(5, 120, 0, 0, 0),
                        DEFAULT_DOWN,
                        100,
                        500,
                        100,
                        "ScaleUpLimit"),
                events(
                        "scaleUp with pod policy and previous scale up events",
                        uniform(120, 1, 5, 9),
                        none,
                        1,
                        1000,
                        rules(150, 120, 0, 0, 0),
                        DEFAULT_DOWN,
                        100,
                        500,
                        235,
                        "ScaleUpLimit"),
                events(
                        "scaleUp with percent policy and previous scale up events",
                        uniform(120, 1, 5, 9),
                        none,
                        1,
                        1000,
                        rules(0, 0, 200, 120, 0),
                        DEFAULT_DOWN,
                        100,
                        500,
                        255,
                        "ScaleUpLimit"),
                events(
                        "scaleUp with percent policy and previous scale up and down events",
                        uniform(120, 4),
                        uniform(120, 2),
                        1,
                        1000,
                        rules(0, 0, 300, 300, 0),
                        DEFAULT_DOWN,
                        6,
                        24,
                        16,
                        "ScaleUpLimit"),
                events(
                        "scaleDown with default policy and previous events",
                        none,
                        uniform(120, 1, 5, 9),
                        1,
                        1000,
                        DEFAULT_UP,
                        DEFAULT_DOWN,
                        10,
                        5,
                        5,
                        "DesiredWithinRange"),
                events(
                        "scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events",
                        none,
                        uniform(120, 1, 5, 9),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(115, 120, 0, 0, 300),
                        100,
                        0,
                        1,
                        "TooFewReplicas"),
                events(
                        "scaleDown with spec MinReplicas limitation with large pod policy and previous events",
                        none,
                        uniform(120, 1, 5, 9),
                        5,
                        1000,
                        DEFAULT_UP,
                        rules(130, 120, 0, 0, 300),
                        100,
                        0,
                        5,
                        "TooFewReplicas"),
                events(
                        "scaleDown with spec MinReplicas limitation with large percent policy and previous events",
                        none,
                        uniform(120, 1, 5, 9),
                        5,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 100, 120, 300),
                        100,
                        2,
                        5,
                        "TooFewReplicas"),
                events(
                        "scaleDown with pod policy limitation and previous events",
                        none,
                        uniform(120, 1, 5, 9),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(5, 120, 0, 0, 300),
                        100,
                        2,
                        100,
                        "ScaleDownLimit"),
                events(
                        "scaleDown with percent policy limitation and previous events",
                        none,
                        uniform(120, 2, 4, 6),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 50, 120, 300),
                        100,
                        0,
                        56,
                        "ScaleDownLimit"),
                events(
                        "scaleDown with percent policy and previous scale up and down events",
                        uniform(120, 2),
                        uniform(120, 4),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 50, 180, 0),
                        10,
                        1,
                        6,
                        "ScaleDownLimit"),
                events(
                        "scaleDown with previous events preventing further scale down",
                        none,
                        uniform(120, 10, 10, 10),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 10, 120, 300),
                        100,
                        0,
                        100,
                        "ScaleDownLimit"),
                events(
                        "scaleDown with with previous events still allowing more scale down",
                        none,
                        uniform(120, 10, 10, 10),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(0, 0, 1000, 120, 300),
                        10,
                        5,
                        5,
                        "DesiredWithinRange"),
                events(
                        "check 'outdated' flag for events for one behavior for up",
                        uniform(120, 8, 12, 9, 11),
                        none,
                        1,
                        1000,
                        rules(1000, 60, 0, 0, 0),
                        DEFAULT_DOWN,
                        100,
                        200,
                        200,
                        "DesiredWithinRange"),
                events(
                        "check that events were not marked 'outdated' for two different policies in the behavior for up",
                        uniform(120, 8, 12, 9, 11),
                        none,
                        1,
                        1000,
                        rules(1000, 120, 100, 60, 0),
                        DEFAULT_DOWN,
                        100,
                        200,
                        200,
                        "DesiredWithinRange"),
                events(
                        "check that events were marked 'outdated' for two different policies in the behavior for up",
                        uniform(120, 8, 12, 9, 11),
                        none,
                        1,
                        1000,
                        rules(1000, 30, 100, 60, 0),
                        DEFAULT_DOWN,
                        100,
                        200,
                        200,
                        "DesiredWithinRange"),
                events(
                        "check 'outdated' flag for events for one behavior for down",
                        none,
                        uniform(120, 8, 12, 9, 11),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(1000, 60, 0, 0, 300),
                        100,
                        5,
                        5,
                        "DesiredWithinRange"),
                events(
                        "check that events were not marked 'outdated' for two different policies in the behavior for"
                                + " down",
                        none,
                        uniform(120, 8, 12, 9, 11),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(1000, 120, 100, 60, 300),
                        100,
                        5,
                        5,
                        "DesiredWithinRange"),
                events(
                        "check that events were marked 'outdated' for two different policies in the behavior for down",
                        none,
                        uniform(120, 8, 12, 9, 11),
                        1,
                        1000,
                        DEFAULT_UP,
                        rules(1000, 30, 100, 60, 300),
                        100,
                        5,
                        5,
                        "DesiredWithinRange"));
    }

    @ParameterizedTest(name = "TestScalingWithRules: {0}")
    @MethodSource
    void testScalingWithRules(RuleCase c) {
        // When
        Behaviors.Limited limited = Behaviors.rateLimit(
                c.current(), c.prenormalized(), c.min(), c.max(), c.up(), c.down(), c.upEvents(), c.downEvents(), NOW);

        // Then
        assertThat(limited.replicas()).isEqualTo(c.expected());
        assertThat(limited.reason().hpaReason()).isEqualTo(c.condition());
    }

    record StabilizeCase(
            String name,
            List<Recommendation> recommendations,
            int current,
            int prenormalized,
            int expectedStabilized,
            List<Integer> expectedRecommendations,
            int upWindow,
            int downWindow) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static Recommendation rec(int replicas, long minutesAgo) {
        return new Recommendation(replicas, NOW.minusSeconds(minutesAgo * 60));
    }

    static Stream<StabilizeCase> testNormalizeDesiredReplicasWithBehavior() {
        return Stream.of(
                new StabilizeCase("empty recommendations for scaling down", List.of(), 100, 5, 5, List.of(5), 0, 0),
                new StabilizeCase(
                        "simple scale down stabilization",
                        List.of(rec(4, 2), rec(5, 1)),
                        100,
                        3,
                        5,
                        List.of(4, 5, 3),
                        0,
                        180),
                new StabilizeCase(
                        "simple scale up stabilization",
                        List.of(rec(4, 2), rec(5, 1)),
                        1,
                        7,
                        4,
                        List.of(4, 5, 7),
                        300,
                        0),
                new StabilizeCase(
                        "no scale down stabilization",
                        List.of(rec(1, 2), rec(2, 1)),
                        100,
                        3,
                        3,
                        List.of(1, 2, 3),
                        300,
                        0),
                new StabilizeCase(
                        "no scale up stabilization", List.of(rec(4, 2), rec(5, 1)), 1, 3, 3, List.of(4, 5, 3), 0, 300),
                new StabilizeCase(
                        "no scale down stabilization, reuse recommendation element",
                        List.of(rec(10, 10), rec(9, 9)),
                        100,
                        3,
                        3,
                        List.of(10, 3),
                        0,
                        0),
                new StabilizeCase(
                        "no scale up stabilization, reuse recommendation element",
                        List.of(rec(10, 10), rec(9, 9)),
                        1,
                        100,
                        100,
                        List.of(10, 100),
                        0,
                        0),
                new StabilizeCase(
                        "scale down stabilization, reuse one of obsolete recommendation element",
                        List.of(rec(10, 10), rec(4, 1), rec(5, 2), rec(9, 9)),
                        100,
                        3,
                        5,
                        List.of(10, 4, 5, 3),
                        0,
                        180),
                new StabilizeCase(
                        "scale up stabilization, reuse one of obsolete recommendation element",
                        List.of(rec(10, 100), rec(6, 1), rec(5, 2), rec(9, 3)),
                        1,
                        100,
                        5,
                        List.of(100, 6, 5, 9),
                        300,
                        0),
                new StabilizeCase(
                        "scale up and down stabilization, do not scale up when prenormalized rec goes down",
                        List.of(rec(2, 100), rec(3, 3)),
                        2,
                        1,
                        2,
                        null,
                        300,
                        300),
                new StabilizeCase(
                        "scale up and down stabilization, do not scale down when prenormalized rec goes up",
                        List.of(rec(2, 100), rec(1, 3)),
                        2,
                        3,
                        2,
                        null,
                        300,
                        300));
    }

    @ParameterizedTest(name = "TestNormalizeDesiredReplicasWithBehavior: {0}")
    @MethodSource
    void testNormalizeDesiredReplicasWithBehavior(StabilizeCase c) {
        // When
        Behaviors.Stabilized stabilized = Behaviors.stabilize(
                c.recommendations(), c.current(), c.prenormalized(), c.upWindow(), c.downWindow(), NOW);

        // Then
        assertThat(stabilized.replicas()).isEqualTo(c.expectedStabilized());
        if (c.expectedRecommendations() != null) {
            assertThat(stabilized.history())
                    .extracting(Recommendation::replicas)
                    .containsExactlyElementsOf(c.expectedRecommendations());
        }
    }

    record StoreCase(
            String name,
            List<ScaleEvent> previous,
            List<ScaleEvent> expected,
            DirectionRules rules,
            int expectedReplicasChange) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static ScaleEvent event(int change, long secondsAgo, boolean outdated) {
        return new ScaleEvent(change, NOW.minusSeconds(secondsAgo), outdated);
    }

    /** The cases of {@code TestStoreScaleEvents} that have a behaviour (without one the HPA stores nothing). */
    static Stream<StoreCase> testStoreScaleEvents() {
        return Stream.of(
                new StoreCase(
                        "empty entries with two-policy-behavior",
                        List.of(),
                        List.of(event(5, 0, false)),
                        rules(10, 60, 100, 60, 0),
                        0),
                new StoreCase(
                        "one outdated entry to be replaced with behavior",
                        List.of(event(7, 61, false)),
                        List.of(event(5, 0, false)),
                        rules(10, 60, 100, 60, 0),
                        0),
                new StoreCase(
                        "one actual entry to be not touched with behavior",
                        List.of(event(7, 58, false)),
                        List.of(event(7, 58, false), event(5, 0, false)),
                        rules(10, 60, 100, 60, 0),
                        7),
                new StoreCase(
                        "two entries, one of them to be replaced",
                        List.of(event(7, 61, false), event(6, 59, false)),
                        List.of(event(5, 0, false), event(6, 59, false)),
                        rules(10, 60, 0, 0, 0),
                        6),
                new StoreCase(
                        "replace one entry, use policies with different periods",
                        List.of(event(8, 29, false), event(6, 59, false), event(7, 61, false), event(9, 61, false)),
                        List.of(event(8, 29, false), event(6, 59, false), event(7, 61, true), event(5, 0, false)),
                        rules(10, 60, 100, 30, 0),
                        14),
                new StoreCase(
                        "two entries, both actual",
                        List.of(event(7, 58, false), event(6, 59, false)),
                        List.of(event(7, 58, false), event(6, 59, false), event(5, 0, false)),
                        rules(10, 120, 100, 30, 0),
                        13));
    }

    @ParameterizedTest(name = "TestStoreScaleEvents: {0}")
    @MethodSource
    void testStoreScaleEvents(StoreCase c) {
        // When
        int change = Behaviors.replicasChangePerPeriod(60, c.previous(), NOW);
        List<ScaleEvent> stored = Behaviors.storeScaleEvent(c.previous(), c.rules(), 5, NOW);

        // Then
        assertThat(change).isEqualTo(c.expectedReplicasChange());
        assertThat(stored)
                .extracting(ScaleEvent::replicaChange, ScaleEvent::outdated)
                .containsExactlyElementsOf(c.expected().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.replicaChange(), e.outdated()))
                        .toList());
    }

    @Test
    void testCalculateScaleUpLimitWithScalingRules() {
        // Given
        DirectionRules rules =
                new DirectionRules(300, List.of(RatePolicy.pods(2, 60), RatePolicy.percent(50, 60)), SelectPolicy.MIN);

        // When
        int limit = Behaviors.scaleUpLimit(1, List.of(), List.of(), rules, NOW);

        // Then
        assertThat(limit).isEqualTo(2);
    }

    @Test
    void testCalculateScaleDownLimitWithBehaviors() {
        // Given
        DirectionRules rules =
                new DirectionRules(300, List.of(RatePolicy.pods(2, 60), RatePolicy.percent(50, 60)), SelectPolicy.MIN);

        // When
        int limit = Behaviors.scaleDownLimit(5, List.of(), List.of(), rules, NOW);

        // Then
        assertThat(limit).isEqualTo(3);
    }

    @Test
    void compactStabilizationGivesTheHpaResultsOverLongRandomRuns() {
        // Given: random recommendations every 1-20 s under several window pairs
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        int[][] windows = {{0, 300}, {300, 300}, {0, 0}, {60, 180}, {300, 0}};
        for (int[] w : windows) {
            List<Recommendation> full = new ArrayList<>();
            List<Recommendation> compact = new ArrayList<>();
            Instant now = NOW;
            int current = 5;
            for (int step = 0; step < 2000; step++) {
                now = now.plusSeconds(1 + random.nextInt(20));
                int desired = random.nextInt(30);

                // When
                Behaviors.Stabilized exact = Behaviors.stabilize(full, current, desired, w[0], w[1], now);
                Behaviors.Stabilized kept = Behaviors.stabilizeCompact(compact, current, desired, w[0], w[1], now);

                // Then
                assertThat(kept.replicas())
                        .as("windows %s at step %d", java.util.Arrays.toString(w), step)
                        .isEqualTo(exact.replicas());
                full = exact.history();
                compact = kept.history();
                current = exact.replicas() == 0 ? 1 : exact.replicas();
            }
            assertThat(compact.size()).isLessThan(40);
        }
    }

    @Test
    void percentPolicyRoundsUpLikeGo() {
        // Given: the porting pitfall of §1.9, 3 × 1.01 = 3.0300000000000002
        DirectionRules rules = new DirectionRules(0, List.of(RatePolicy.percent(1, 15)), SelectPolicy.MAX);

        // When
        int limit = Behaviors.scaleUpLimit(3, List.of(), List.of(), rules, NOW);

        // Then
        assertThat(limit).isEqualTo(4);
    }

    @Test
    void disabledDirectionAllowsNoChange() {
        // Given
        DirectionRules disabled = new DirectionRules(0, List.of(RatePolicy.percent(100, 15)), SelectPolicy.DISABLED);

        // When
        Behaviors.Limited up = Behaviors.rateLimit(3, 10, 1, 20, disabled, DEFAULT_DOWN, List.of(), List.of(), NOW);
        Behaviors.Limited down = Behaviors.rateLimit(3, 1, 1, 20, DEFAULT_UP, disabled, List.of(), List.of(), NOW);

        // Then
        assertThat(up.replicas()).isEqualTo(3);
        assertThat(down.replicas()).isEqualTo(3);
    }
}
