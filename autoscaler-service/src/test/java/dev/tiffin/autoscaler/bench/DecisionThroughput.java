package dev.tiffin.autoscaler.bench;

import dev.tiffin.autoscaler.domain.Autoscaler;
import dev.tiffin.autoscaler.domain.AutoscalerState;
import dev.tiffin.autoscaler.domain.AutoscalingPolicy;
import dev.tiffin.autoscaler.domain.Evaluation;
import dev.tiffin.autoscaler.domain.MetricReading;
import dev.tiffin.autoscaler.domain.Observation;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Behavior;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.ScalingRules;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Throughput of the decision function ({@link Autoscaler#evaluate}) over 10,000 synthetic components on one thread:
 * every round evaluates each component once, one second after the previous round (the live cadence: at most one
 * evaluation per second per component), with cpu and qps readings that wander so the components scale up and down
 * and their histories fill their windows. Not a test (surefire does not pick it up); run it with
 *
 * <pre>
 * ./mvnw -B -q -o -pl autoscaler-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp autoscaler-service/target/test-classes:autoscaler-service/target/classes:$(cat autoscaler-service/target/cp.txt) \
 *     dev.tiffin.autoscaler.bench.DecisionThroughput [components] [timed-batches]
 * </pre>
 */
public final class DecisionThroughput {

    private static final int ROUNDS_PER_BATCH = 100;
    private static final int VARIANTS = 64;

    private DecisionThroughput() {}

    public static void main(String[] args) {
        int components = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        SplittableRandom random = new SplittableRandom(42);

        AutoscalingPolicy[] policies = {
            policy(Behavior.FAST, Behavior.STABLE), policy(Behavior.FAST, Behavior.FAST),
            policy(Behavior.STABLE, Behavior.STABLE), policy(Behavior.STABLE, Behavior.FAST)
        };
        // Metric readings: a pool of cpu/qps pairs, picked per component and round.
        @SuppressWarnings("unchecked")
        Map<MetricType, MetricReading>[] readings = new Map[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            Map<MetricType, MetricReading> m = new EnumMap<>(MetricType.class);
            m.put(MetricType.CPU, MetricReading.average(5 + random.nextInt(150)));
            m.put(MetricType.QPS, MetricReading.average(random.nextInt(2000)));
            readings[v] = m;
        }
        AutoscalingPolicy[] policyOf = new AutoscalingPolicy[components];
        AutoscalerState[] states = new AutoscalerState[components];
        int[] current = new int[components];
        for (int c = 0; c < components; c++) {
            policyOf[c] = policies[c % policies.length];
            states[c] = AutoscalerState.EMPTY;
            current[c] = 1 + random.nextInt(10);
        }

        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        long[] round = {0};
        long sink = 0;
        // Warm-up: enough rounds for the 300 s windows to fill and the JIT to settle.
        for (int r = 0; r < 400; r++) {
            sink += round(components, policyOf, states, current, readings, start, round, random);
        }
        double[] rates = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < ROUNDS_PER_BATCH; r++) {
                sink += round(components, policyOf, states, current, readings, start, round, random);
            }
            long elapsed = System.nanoTime() - t0;
            rates[b] = (double) components * ROUNDS_PER_BATCH / (elapsed / 1e9);
            System.out.printf("batch %2d: %,.0f evaluations/s%n", b + 1, rates[b]);
        }
        Arrays.sort(rates);
        System.out.printf(
                "components=%d, evaluations per batch=%,d: median %,.0f evaluations/s, best %,.0f (sink %d)%n",
                components, components * ROUNDS_PER_BATCH, rates[batches / 2], rates[batches - 1], sink);
    }

    private static long round(
            int components,
            AutoscalingPolicy[] policyOf,
            AutoscalerState[] states,
            int[] current,
            Map<MetricType, MetricReading>[] readings,
            Instant start,
            long[] round,
            SplittableRandom random) {
        Instant now = start.plusSeconds(round[0]++);
        long changes = 0;
        int base = random.nextInt(VARIANTS);
        for (int c = 0; c < components; c++) {
            Map<MetricType, MetricReading> metrics = readings[(base + c) & (VARIANTS - 1)];
            Observation observation = new Observation(now, current[c], current[c], metrics, 1.0, 0.0, false);
            Evaluation evaluation = Autoscaler.evaluate(policyOf[c], states[c], observation);
            states[c] = evaluation.state();
            int desired = evaluation.decision().desiredReplicas();
            if (desired != current[c]) {
                changes++;
            }
            current[c] = desired;
        }
        return changes;
    }

    private static AutoscalingPolicy policy(Behavior up, Behavior down) {
        return AutoscalingPolicy.of(new Autoscaling(
                1,
                50,
                List.of(new MetricTarget("cpu", 70.0), new MetricTarget("qps", 40.0)),
                ScalingRules.preset(up),
                ScalingRules.preset(down)));
    }
}
