package dev.tiffin.autoscaler.config;

import dev.tiffin.autoscaler.domain.LiveSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every {@code tiffin.autoscaler.*} setting, with its default. */
@ConfigMapping(prefix = "tiffin.autoscaler")
public interface AutoscalerConfig {

    /** A metric value older than this cannot be read (it blocks scale-down, never scale-up). */
    @WithDefault("10s")
    Duration metricMaxAge();

    /** At most one evaluation per component per this interval on sample arrival (activations do not wait). */
    @WithDefault("1s")
    Duration minEvaluationInterval();

    /** Every component not evaluated for this long is evaluated (windows expire without new samples). */
    @WithDefault("1s")
    Duration tickInterval();

    /** How long a decision stands against older replica counts reported by the rollout-service. */
    @WithDefault("30s")
    Duration applyTimeout();

    /** Decisions remembered per component (status endpoint, persisted state). */
    @WithDefault("10")
    int decisionsKept();

    /**
     * Rounds of the reaction path (CloudEvent decode, evaluation, explanation, decision encode) run on synthetic data
     * in the background at start, so that the JIT has compiled it before the first real sample (0 = none).
     */
    @WithDefault("20000")
    int warmUpRounds();

    Collect collect();

    Prometheus prometheus();

    State state();

    interface Collect {
        /** Whether the resource collectors (metrics.k8s.io, Prometheus) run. */
        @WithDefault("true")
        boolean enabled();

        /** How often cpu, memory and gpu are collected and published. */
        @WithDefault("1s")
        Duration interval();
    }

    interface Prometheus {
        /** Base URL of the Prometheus that has the GPU metrics; absent = no gpu collection. */
        Optional<String> url();

        /**
         * The instant query giving each pod's GPU utilisation (%): a vector with labels {@code namespace} and {@code
         * pod}.
         */
        @WithDefault("avg by (namespace, pod) (DCGM_FI_DEV_GPU_UTIL)")
        String gpuQuery();

        @WithDefault("2s")
        Duration timeout();
    }

    interface State {
        /** The compacted topic holding each deployment's autoscaler state (key = deployment id). */
        @WithDefault("tiffin.autoscaler.state")
        String topic();

        /** How often changed state is written (decisions and replica reports are written at once). */
        @WithDefault("5s")
        Duration snapshotInterval();

        /** How long a partition assignment waits for the state topic to be read up to its end. */
        @WithDefault("30s")
        Duration loadTimeout();
    }

    default LiveSettings liveSettings() {
        return new LiveSettings(metricMaxAge(), minEvaluationInterval(), applyTimeout(), decisionsKept());
    }
}
