package dev.tiffin.rollout.executor;

import dev.tiffin.contracts.secrets.SecretSealer;
import dev.tiffin.rollout.cluster.ClusterConnections;
import dev.tiffin.rollout.cluster.ClusterWriter;
import dev.tiffin.rollout.workload.WorkloadBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Wires the executor: the clusters from {@code tiffin.kubeconfig} (else {@code KUBECONFIG}, else in-cluster), the
 * sealing key {@code tiffin.secrets.key} (ADR 0003; without it, a revision with secret envs fails to roll out), the
 * default progress deadline {@code tiffin.rollout.progress-deadline} and the shard count. On start it resumes the
 * rollouts recorded in the cluster, retrying until the cluster answers.
 */
@ApplicationScoped
public class RolloutBeans {

    private static final Logger LOG = Logger.getLogger(RolloutBeans.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The rollout service's metrics, with {@code tiffin_rollout_info} labelled by the running version. */
    @Produces
    @Singleton
    RolloutMetrics metrics(
            MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        RolloutMetrics metrics = new RolloutMetrics(registry);
        metrics.info(version);
        return metrics;
    }

    @Produces
    @Singleton
    RolloutController controller(
            @ConfigProperty(name = "tiffin.kubeconfig") Optional<String> kubeconfig,
            @ConfigProperty(name = "tiffin.secrets.key") Optional<String> key,
            @ConfigProperty(name = "tiffin.rollout.progress-deadline", defaultValue = "600s") Duration deadline,
            @ConfigProperty(name = "tiffin.rollout.shards", defaultValue = "2") int shards,
            @Channel("rollout-events") MutinyEmitter<String> emitter,
            RolloutMetrics metrics,
            Clock clock) {
        SecretSealer sealer =
                key.filter(k -> !k.isBlank()).map(SecretSealer::fromBase64).orElse(null);
        RolloutController controller = new RolloutController(
                ClusterConnections.Factory.of(
                        kubeconfig.filter(k -> !k.isBlank()).map(Path::of)),
                new ClusterWriter(metrics::clusterWrite),
                new WorkloadBuilder(sealer),
                new KafkaEventSink(emitter, clock),
                clock,
                deadline.toSeconds(),
                shards,
                metrics);
        metrics.inProgress(controller::inProgress);
        return controller;
    }

    void start(@Observes StartupEvent start, RolloutController controller) {
        Thread resume = new Thread(
                () -> {
                    long backoff = 200;
                    while (!controller.resumed().isDone()) {
                        try {
                            controller.resume();
                        } catch (RuntimeException e) {
                            LOG.warnf("cannot read rollout records yet (%s); retrying", e.getMessage());
                            try {
                                Thread.sleep(backoff);
                            } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                            backoff = Math.min(backoff * 2, 5_000);
                        }
                    }
                },
                "rollout-resume");
        resume.setDaemon(true);
        resume.start();
    }

    void stop(@Observes ShutdownEvent stop, RolloutController controller) {
        controller.close();
    }
}
