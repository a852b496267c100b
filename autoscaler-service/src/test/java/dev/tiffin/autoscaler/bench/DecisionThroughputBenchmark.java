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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: evaluations per second of the decision function ({@link Autoscaler#evaluate}) for 10,000 components on one
 * thread (target ≥ 1,000,000/s on one core). One benchmark invocation evaluates every component once, one simulated
 * second after the previous invocation (the live cadence), with cpu and qps readings that wander so that components
 * scale up and down and their histories fill the 300 s windows; the state each evaluation returns is kept. Run it
 * with {@code bin/tiffin-bench-autoscaler jmh} (or see that script for the plain {@code java} command).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Threads(1)
public class DecisionThroughputBenchmark {

    private static final int COMPONENTS = 10_000;
    private static final int VARIANTS = 64;

    @Param({"10000"})
    int components;

    private AutoscalingPolicy[] policyOf;
    private AutoscalerState[] states;
    private int[] current;
    private Map<MetricType, MetricReading>[] readings;
    private SplittableRandom random;
    private Instant now;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        random = new SplittableRandom(42);
        AutoscalingPolicy[] policies = {
            policy(Behavior.FAST, Behavior.STABLE), policy(Behavior.FAST, Behavior.FAST),
            policy(Behavior.STABLE, Behavior.STABLE), policy(Behavior.STABLE, Behavior.FAST)
        };
        readings = new Map[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            Map<MetricType, MetricReading> m = new EnumMap<>(MetricType.class);
            m.put(MetricType.CPU, MetricReading.average(5 + random.nextInt(150)));
            m.put(MetricType.QPS, MetricReading.average(random.nextInt(2000)));
            readings[v] = m;
        }
        policyOf = new AutoscalingPolicy[components];
        states = new AutoscalerState[components];
        current = new int[components];
        for (int c = 0; c < components; c++) {
            policyOf[c] = policies[c % policies.length];
            states[c] = AutoscalerState.EMPTY;
            current[c] = 1 + random.nextInt(10);
        }
        now = Instant.parse("2026-01-01T00:00:00Z");
        // fill the windows before measuring
        for (int r = 0; r < 400; r++) {
            round();
        }
    }

    @Benchmark
    @OperationsPerInvocation(COMPONENTS)
    public long evaluateEveryComponentOnce() {
        return round();
    }

    private long round() {
        now = now.plusSeconds(1);
        long changes = 0;
        int base = random.nextInt(VARIANTS);
        for (int c = 0; c < components; c++) {
            Observation observation = new Observation(
                    now, current[c], current[c], readings[(base + c) & (VARIANTS - 1)], 1.0, 0.0, false);
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
