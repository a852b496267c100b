package dev.tiffin.autoscaler.collect;

import static dev.tiffin.autoscaler.Events.publish;
import static dev.tiffin.autoscaler.Events.received;
import static dev.tiffin.autoscaler.Events.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.autoscaler.ClusterTestResource;
import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.MetricSampled;
import dev.tiffin.contracts.events.data.ReplicasChanged;
import dev.tiffin.contracts.events.data.ScalingDecided;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.testsupport.InjectKafkaCompanion;
import dev.tiffin.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The collectors on the local simulated cluster: cpu and memory from {@code metrics.k8s.io} PodMetrics, gpu from a
 * real Prometheus scraping the cluster's DCGM metrics, published as {@code resource-collector} samples on {@code
 * tiffin.metrics} and scaling the components that target them. The test plays the rollout-service (it creates the
 * workloads and reports their replicas) and the clients (requests to the pods make the load).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClusterTestResource.class)
class ResourceCollectorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @InjectKafkaCompanion
    KafkaCompanion companion;

    @Inject
    LiveAutoscaler autoscaler;

    @Test
    void cpuFromPodMetricsAndGpuFromPrometheusScaleTheirComponentsUp() throws Exception {
        // Given: api-server targets cpu 50%, runner gpu_runner targets gpu 5%; one pod each on the cluster
        DeploymentId id = new DeploymentId("local", "default", "vision");
        String kubeconfig = ConfigProvider.getConfig().getValue("tiffin.kubeconfig", String.class);
        ConsumerTask<String, String> events = companion.consumeStrings().fromTopics(Topics.DEPLOYMENT_EVENTS);
        ConsumerTask<String, String> samples = companion.consumeStrings().fromTopics(Topics.METRICS);
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (KubernetesClient k8s = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, new File(kubeconfig)))
                .build()) {
            k8s.apps()
                    .deployments()
                    .inNamespace("default")
                    .resource(workload("api-server", "api-server", false))
                    .create();
            k8s.apps()
                    .deployments()
                    .inNamespace("default")
                    .resource(workload("gpu-runner", "gpu_runner", true))
                    .create();
            publish(
                    companion,
                    id,
                    revision(
                            id,
                            1,
                            "{\"name\":\"vision\",\"bento\":\"vision:1\","
                                    + "\"api_server\":{\"autoscaling\":{\"min_replicas\":1,\"max_replicas\":4,"
                                    + "\"metrics\":[{\"type\":\"cpu\",\"value\":50}]}},"
                                    + "\"runners\":{\"gpu_runner\":{\"autoscaling\":{\"min_replicas\":1,"
                                    + "\"max_replicas\":4,\"metrics\":[{\"type\":\"gpu\",\"value\":5}]}}}}",
                            List.of()));
            publish(companion, id, new ReplicasChanged(id, 1, "api-server", 1, 1, 1));
            publish(companion, id, new ReplicasChanged(id, 1, "gpu_runner", 1, 1, 1));
            await().atMost(WAIT)
                    .until(() -> ready(k8s, "api-server").size() == 1
                            && ready(k8s, "gpu-runner").size() == 1);

            // When: each pod serves one request after another (about one in flight all the time)
            for (String component : List.of("api-server", "gpu-runner")) {
                int port = Integer.parseInt(ready(k8s, component)
                        .get(0)
                        .getMetadata()
                        .getAnnotations()
                        .get("tiffin.dev/port"));
                clients.submit(() -> load(port, loading));
            }

            // Then: the collector publishes cpu and memory (PodMetrics) and gpu (Prometheus) as samples ...
            await().atMost(WAIT).untilAsserted(() -> {
                List<MetricSampled> collected = received(samples, id, MetricSampled.class).stream()
                        .filter(s -> "resource-collector".equals(s.source()))
                        .toList();
                assertThat(collected)
                        .anySatisfy(s -> {
                            assertThat(s.component()).isEqualTo("api-server");
                            assertThat(s.values().get("cpu")).isGreaterThan(50.0);
                            assertThat(s.values()).containsKey("memory").containsEntry("ready_pods", 1.0);
                        })
                        .anySatisfy(s -> {
                            assertThat(s.component()).isEqualTo("gpu_runner");
                            assertThat(s.values().get("gpu")).isGreaterThan(5.0);
                        });
            });
            // ... and both components scale up on them, with the metric in the decision
            await().atMost(WAIT).untilAsserted(() -> {
                List<ScalingDecided> decided = received(events, id, ScalingDecided.class);
                assertThat(decided)
                        .anySatisfy(d -> {
                            assertThat(d.component()).isEqualTo("api-server");
                            assertThat(d.desiredReplicas()).isGreaterThan(1);
                            assertThat(d.metrics()).containsKey("cpu");
                            assertThat(d.reason()).contains("cpu at");
                        })
                        .anySatisfy(d -> {
                            assertThat(d.component()).isEqualTo("gpu_runner");
                            assertThat(d.desiredReplicas()).isGreaterThan(1);
                            assertThat(d.metrics().get("gpu")).isGreaterThan(5.0);
                        });
            });
        } finally {
            loading.set(false);
            clients.shutdownNow();
            events.close();
            samples.close();
        }
    }

    private static Deployment workload(String kubeName, String component, boolean gpu) {
        Map<String, String> labels = Map.of(
                "tiffin.dev/deployment", "vision",
                "tiffin.dev/component", kubeName,
                "tiffin.dev/revision", "1",
                "app.kubernetes.io/managed-by", "tiffin");
        Map<String, Quantity> requests =
                new HashMap<>(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("512Mi")));
        Map<String, Quantity> limits = gpu ? Map.of("nvidia.com/gpu", new Quantity("1")) : Map.of();
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("vision-" + kubeName + "-r1")
                .withLabels(labels)
                .addToAnnotations("tiffin.dev/component-name", component)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .addToAnnotations("tiffin.dev/component-name", component)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("bento")
                .withImage("registry.local/vision:1")
                .withNewResources()
                .withRequests(requests)
                .withLimits(limits)
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    private static List<Pod> ready(KubernetesClient k8s, String kubeName) {
        return k8s.pods().inNamespace("default").withLabel("tiffin.dev/component", kubeName).list().getItems().stream()
                .filter(ResourceCollector::ready)
                .toList();
    }

    /** Sequential requests to one pod until told to stop (bounded by the test's wait). */
    private static void load(int port, AtomicBoolean loading) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (loading.get() && System.nanoTime() < deadline) {
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the pod went away: stop
                return;
            }
        }
    }
}
