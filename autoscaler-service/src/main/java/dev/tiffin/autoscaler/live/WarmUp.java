package dev.tiffin.autoscaler.live;

import dev.tiffin.autoscaler.config.AutoscalerConfig;
import dev.tiffin.autoscaler.domain.Autoscaler;
import dev.tiffin.autoscaler.domain.AutoscalerState;
import dev.tiffin.autoscaler.domain.AutoscalingPolicy;
import dev.tiffin.autoscaler.domain.DecisionRecord;
import dev.tiffin.autoscaler.domain.Evaluation;
import dev.tiffin.autoscaler.domain.MetricReading;
import dev.tiffin.autoscaler.domain.Observation;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.spec.Autoscaling;
import dev.tiffin.contracts.spec.Behavior;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.MetricType;
import dev.tiffin.contracts.spec.ScalingRules;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs the reaction path on synthetic data in a background thread at start ({@code warm-up-rounds} rounds): a sample's
 * CloudEvent decoded, a component evaluated, the decision explained and its {@code ScalingDecided} encoded and decoded.
 * Samples come once a second per component, so without it that code runs interpreted for minutes after a start, and
 * the first decisions take milliseconds of CPU instead of microseconds (docs/adr/0012). Touches no state and no topic.
 */
@ApplicationScoped
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final AutoscalerConfig config;

    public WarmUp(AutoscalerConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        int rounds = config.warmUpRounds();
        if (rounds <= 0) {
            return;
        }
        Thread thread = new Thread(() -> run(rounds), "autoscaler-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The rounds; returns how many decisions they made (so that nothing is optimised away). */
    static long run(int rounds) {
        long started = System.nanoTime();
        long decisions = 0;
        try {
            DeploymentId id = new DeploymentId("warm-up", "warm-up", "warm-up");
            AutoscalingPolicy policy = AutoscalingPolicy.of(new Autoscaling(
                    1,
                    10,
                    List.of(new MetricTarget("qps", 10.0)),
                    ScalingRules.preset(Behavior.FAST),
                    ScalingRules.preset(Behavior.FAST)));
            Clock clock = Clock.systemUTC();
            AutoscalerState state = AutoscalerState.EMPTY;
            int current = 1;
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < rounds; i++) {
                now = now.plusSeconds(1);
                double qps = i % 2 == 0 ? 40 : 2;
                String sample = EventCodec.encode(EventCodec.wrap(
                        "warm-up",
                        id.key(),
                        new MetricSampled(
                                id,
                                "api-server",
                                "traffic-service",
                                1.0,
                                Map.of("qps", qps, "in_flight", 1.0, "queue_depth", 0.0),
                                now),
                        clock));
                CloudEvent event = EventCodec.decode(sample);
                if (!LiveAutoscaler.HANDLED.contains(event.type())
                        || !(EventCodec.data(event).orElseThrow() instanceof MetricSampled sampled)) {
                    continue;
                }
                Observation observation = new Observation(
                        now,
                        current,
                        current,
                        Map.of(
                                MetricType.QPS,
                                new MetricReading.Average(sampled.values().get("qps"))),
                        sampled.values().get("in_flight"),
                        sampled.values().get("queue_depth"),
                        false);
                Evaluation evaluation = Autoscaler.evaluate(policy, state, observation);
                state = evaluation.state();
                if (evaluation.decision().changes()) {
                    DecisionRecord r = DecisionRecord.of(evaluation.decision(), observation);
                    String decided = EventCodec.encode(EventCodec.wrap(
                            "warm-up",
                            id.key(),
                            new ScalingDecided(
                                    id,
                                    1,
                                    "api-server",
                                    r.currentReplicas(),
                                    r.desiredReplicas(),
                                    r.reason(),
                                    r.limitedBy(),
                                    r.metrics()),
                            clock));
                    EventCodec.decode(decided);
                    decisions++;
                }
                current = evaluation.decision().desiredReplicas();
            }
            LOG.debugf(
                    "warm-up: %d rounds, %d decisions in %d ms",
                    rounds, decisions, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("warm-up stopped: %s", e.getMessage());
        }
        return decisions;
    }
}
