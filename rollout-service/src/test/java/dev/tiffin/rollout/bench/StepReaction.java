package dev.tiffin.rollout.bench;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.localcluster.BentoBehaviour;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.rollout.cluster.ClusterConnections;
import dev.tiffin.rollout.cluster.ClusterWriter;
import dev.tiffin.rollout.executor.RolloutController;
import dev.tiffin.rollout.executor.RolloutMetrics;
import dev.tiffin.rollout.workload.WorkloadBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Step reaction time of the live rollout executor (not a test: prints figures). Runs the local simulated cluster
 * in-process and the {@link RolloutController} against it (events go nowhere: Kafka is not on this path), rolls
 * {@code --deployments} deployments of {@code --replicas} replicas (RollingUpdate) through {@code --rounds} new
 * revisions, and measures, as an observer watching the cluster, the time from the watch event showing a pod become
 * ready (the latest such event since the deployment's last write: the one that let the next wave start) to the watch
 * event showing the next step's write. Both ends come through the same kind of watch, so the figure is the
 * controller's reaction plus one watch delivery. It also prints the controller's own timer (watch event received →
 * record and replicas written).
 *
 * <pre>
 * ./mvnw -B -q -pl rollout-service test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp rollout-service/target/test-classes:rollout-service/target/classes:$(cat rollout-service/target/cp.txt) \
 *      dev.tiffin.rollout.bench.StepReaction [--deployments 20] [--replicas 10] [--rounds 3]
 * </pre>
 */
public final class StepReaction {

    public static void main(String[] args) throws Exception {
        int deployments = intArg(args, "--deployments", 20);
        int replicas = intArg(args, "--replicas", 10);
        int rounds = intArg(args, "--rounds", 3);
        Path dir = Files.createTempDirectory("tiffin-step-reaction");
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Options(
                "127.0.0.1",
                0,
                0,
                dir.resolve("kubeconfig"),
                null,
                BentoBehaviour.DEFAULT.withStartupDelayMs(50).withLatencyMs(1),
                Duration.ofMillis(50)))) {
            KubernetesClient observer = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(
                            "tiffin-local", cluster.kubeconfig().toFile()))
                    .build();
            List<Long> samples = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> readyAt = new ConcurrentHashMap<>();
            Map<String, Integer> newest = new ConcurrentHashMap<>();
            Map<String, Integer> readyRevisions = new ConcurrentHashMap<>();
            observer.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Deployment d) {}

                @Override
                public void onUpdate(Deployment before, Deployment after) {
                    long now = System.nanoTime();
                    String name = after.getMetadata().getLabels().get("tiffin.dev/deployment");
                    int revision =
                            Integer.parseInt(after.getMetadata().getLabels().get("tiffin.dev/revision"));
                    newest.merge(name, revision, Math::max);
                    Integer specBefore = before.getSpec().getReplicas();
                    Integer specAfter = after.getSpec().getReplicas();
                    if (!java.util.Objects.equals(specBefore, specAfter)) {
                        Long t = readyAt.remove(name);
                        Integer readyRevision = readyRevisions.remove(name);
                        // a write to a newer revision than the one that became ready starts the next rollout: not a
                        // reaction to that readiness
                        if (t != null && readyRevision != null && revision <= readyRevision) {
                            samples.add(now - t);
                        }
                        return;
                    }
                    if (ready(after) > ready(before)) {
                        readyAt.put(name, now); // the latest readiness change since the last write
                        readyRevisions.put(name, revision);
                    }
                }

                @Override
                public void onDelete(Deployment d, boolean unknown) {}
            });

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RolloutMetrics metrics = new RolloutMetrics(registry);
            Set<String> completed = ConcurrentHashMap.newKeySet();
            try (RolloutController controller = new RolloutController(
                    ClusterConnections.Factory.of(Optional.of(cluster.kubeconfig())),
                    new ClusterWriter(metrics::clusterWrite),
                    new WorkloadBuilder(null),
                    (deployment, id, data) -> {
                        if (data instanceof RolloutCompleted c) {
                            completed.add(deployment.name() + "/" + c.revision());
                        }
                    },
                    Clock.systemUTC(),
                    600,
                    2,
                    metrics)) {
                controller.resume();
                for (int revision = 1; revision <= rounds + 1; revision++) {
                    if (revision == 2) {
                        samples.clear(); // the first revision scales up from nothing: no waves to react to
                    }
                    for (int i = 0; i < deployments; i++) {
                        controller
                                .onRevision(revision("bench-" + i, revision, replicas))
                                .get(30, TimeUnit.SECONDS);
                    }
                    int r = revision;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (completed.stream().filter(c -> c.endsWith("/" + r)).count() < deployments) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("revision " + r + " did not complete everywhere");
                        }
                        Thread.sleep(20); // a harness waiting for the run to finish, not a test
                    }
                }
                Timer internal = registry.find("tiffin.rollout.step.reaction").timer();
                print(samples, deployments, replicas, rounds, internal);
            }
            observer.close();
        }
    }

    private static void print(List<Long> samples, int deployments, int replicas, int rounds, Timer internal) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        System.out.printf(
                "step reaction (RollingUpdate, %d deployments x %d replicas, %d rollouts each): %d samples%n",
                deployments, replicas, rounds, sorted.size());
        System.out.printf(
                "  observer, pod readiness seen -> next step's write seen: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms%n",
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 1.0));
        if (internal != null) {
            System.out.printf(
                    "  controller timer tiffin.rollout.step.reaction (watch event in -> writes done): n=%d, p50 %.2f ms,"
                            + " p99 %.2f ms, max %.2f ms%n",
                    internal.count(),
                    percentile(internal, 0.5),
                    percentile(internal, 0.99),
                    internal.max(TimeUnit.MILLISECONDS));
        }
    }

    private static double percentile(Timer timer, double q) {
        for (var v : timer.takeSnapshot().percentileValues()) {
            if (Math.abs(v.percentile() - q) < 1e-9) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static double ms(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    private static int ready(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
    }

    private static RevisionCreated revision(String name, int revision, int replicas) throws Exception {
        String json = """
                {"name": "%s", "cluster": "local", "kube_namespace": "default", "access_type": "public",
                 "bento": "iris:v%d", "deployment_strategy": "RollingUpdate",
                 "api_server": {"autoscaling": {"min_replicas": %d, "max_replicas": %d}}}
                """.formatted(name, revision, replicas, replicas);
        DeploymentSpec spec = TiffinJson.mapper().readValue(json, DeploymentSpec.class);
        DeploymentId id = new DeploymentId("local", "default", name);
        return new RevisionCreated(
                id,
                revision,
                revision > 1 ? revision - 1 : null,
                "bench",
                "update",
                spec,
                new BentoInfo("iris", "v" + revision, "registry.local/iris:v" + revision, "svc:Iris", List.of()),
                Map.of(),
                new ClusterInfo("local", "default", null, null),
                Instant.now());
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
