package dev.tiffin.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterTest {

    @TempDir
    static Path dir;

    static LocalCluster cluster;
    static KubernetesClient client;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(new LocalCluster.Options(
                "127.0.0.1",
                0,
                0,
                dir.resolve(".tiffin/kubeconfig"),
                null,
                BentoBehaviour.DEFAULT.withStartupDelayMs(200).withLatencyMs(5),
                Duration.ofMillis(100)));
        // a client built from the written kubeconfig, as a service would build it
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(
                        Kubeconfig.CONTEXT, cluster.kubeconfig().toFile()))
                .build();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.namespaces().withName("default").get() != null);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kubeconfigNamesTheContextAndDefaultNamespace() throws IOException {
        String kubeconfig = Files.readString(cluster.kubeconfig());
        assertThat(kubeconfig).contains("current-context: tiffin-local", "namespace: default", cluster.apiUrl());
        assertThat(client.getNamespace()).isEqualTo("default");
    }

    @Test
    void deploymentBecomesReadyPodsServeAndScaleDownRemovesPods() throws Exception {
        String ns = "rollout";
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("iris-r1", "iris", "1", "iris:v1", 3, false))
                .create();

        await().atMost(Duration.ofSeconds(10)).until(() -> readyPods(ns, "iris").size() == 3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment d = client.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("iris-r1")
                    .get();
            DeploymentStatus s = d.getStatus();
            assertThat(s).isNotNull();
            assertThat(s.getReplicas()).isEqualTo(3);
            assertThat(s.getReadyReplicas()).isEqualTo(3);
            assertThat(s.getAvailableReplicas()).isEqualTo(3);
            assertThat(s.getUpdatedReplicas()).isEqualTo(3);
            assertThat(s.getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(condition(s, "Available")).isEqualTo("True");
            assertThat(condition(s, "Progressing")).isEqualTo("True");
        });

        List<Pod> pods = readyPods(ns, "iris");
        Deployment d =
                client.apps().deployments().inNamespace(ns).withName("iris-r1").get();
        for (Pod pod : pods) {
            String name = pod.getMetadata().getName();
            assertThat(name).matches("iris-r1-[a-z0-9]{5}");
            assertThat(pod.getMetadata().getLabels()).containsEntry("tiffin.dev/revision", "1");
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getKind()).isEqualTo("Deployment");
                assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid());
            });
            assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
            int port = port(pod);
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/livez").statusCode()).isEqualTo(200);
            HttpResponse<String> predict = post(port, "/predict");
            assertThat(predict.statusCode()).isEqualTo(200);
            assertThat(predict.body())
                    .contains("\"pod\":\"" + name + "\"", "\"revision\":\"1\"", "\"component\":\"api\"");
        }

        client.apps()
                .deployments()
                .inNamespace(ns)
                .withName("iris-r1")
                .edit(x -> new DeploymentBuilder(x)
                        .editSpec()
                        .withReplicas(1)
                        .endSpec()
                        .build());

        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.pods().inNamespace(ns).list().getItems().size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment scaled = client.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("iris-r1")
                    .get();
            assertThat(scaled.getStatus().getReplicas()).isEqualTo(1);
            assertThat(scaled.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(scaled.getStatus().getObservedGeneration())
                    .isEqualTo(scaled.getMetadata().getGeneration());
        });
        String survivor = client.pods()
                .inNamespace(ns)
                .list()
                .getItems()
                .get(0)
                .getMetadata()
                .getName();
        assertThat(pods.stream().map(p -> p.getMetadata().getName())).contains(survivor);
        for (Pod removed : pods) {
            if (!removed.getMetadata().getName().equals(survivor)) {
                int port = port(removed);
                await().atMost(Duration.ofSeconds(5)).until(() -> unreachable(port));
            }
        }
    }

    @Test
    void serviceGetsEndpointsOfTheReadyPods() {
        String ns = "traffic";
        client.services()
                .inNamespace(ns)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("summarizer-api")
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(Map.of("tiffin.dev/deployment", "summarizer", "tiffin.dev/component", "api"))
                        .addNewPort()
                        .withName("http")
                        .withPort(3000)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("summarizer-r1", "summarizer", "1", "summarizer:v1", 2, false))
                .create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Endpoints ep = client.endpoints()
                    .inNamespace(ns)
                    .withName("summarizer-api")
                    .get();
            assertThat(ep).isNotNull();
            List<Pod> ready = readyPods(ns, "summarizer");
            assertThat(ready).hasSize(2);
            assertThat(ep.getSubsets()).hasSize(2);
            assertThat(ep.getSubsets())
                    .flatExtracting(
                            s -> s.getPorts().stream().map(p -> p.getPort()).toList())
                    .containsExactlyInAnyOrderElementsOf(
                            ready.stream().map(LocalClusterTest::port).toList());
            assertThat(ep.getSubsets())
                    .flatExtracting(s -> s.getAddresses().stream()
                            .map(a -> a.getTargetRef().getName())
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(
                            ready.stream().map(p -> p.getMetadata().getName()).toList());
            assertThat(ep.getSubsets().get(0).getPorts().get(0).getName()).isEqualTo("http");
        });

        client.apps()
                .deployments()
                .inNamespace(ns)
                .withName("summarizer-r1")
                .edit(x -> new DeploymentBuilder(x)
                        .editSpec()
                        .withReplicas(0)
                        .endSpec()
                        .build());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.endpoints()
                                .inNamespace(ns)
                                .withName("summarizer-api")
                                .get()
                                .getSubsets())
                        .isEmpty());
    }

    @Test
    void serviceGetsOneEndpointSlicePerPodWithItsConditions() {
        String ns = "slices";
        client.services()
                .inNamespace(ns)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("slicer-api")
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(Map.of("tiffin.dev/deployment", "slicer", "tiffin.dev/component", "api"))
                        .addNewPort()
                        .withName("http")
                        .withPort(3000)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("slicer-r1", "slicer", "1", "slicer:v1", 2, false))
                .create();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> ready = readyPods(ns, "slicer");
            assertThat(ready).hasSize(2);
            List<EndpointSlice> slices = slices(ns, "slicer-api");
            assertThat(slices).hasSize(2);
            assertThat(slices).allSatisfy(slice -> {
                assertThat(slice.getAddressType()).isEqualTo("IPv4");
                assertThat(slice.getMetadata().getLabels())
                        .containsEntry("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
                assertThat(slice.getEndpoints()).singleElement().satisfies(e -> {
                    assertThat(e.getAddresses()).containsExactly("127.0.0.1");
                    assertThat(e.getConditions().getReady()).isTrue();
                    assertThat(e.getConditions().getServing()).isTrue();
                    assertThat(e.getConditions().getTerminating()).isFalse();
                });
                assertThat(slice.getPorts()).singleElement().satisfies(p -> {
                    assertThat(p.getName()).isEqualTo("http");
                    assertThat(slice.getMetadata().getName()).isEqualTo("slicer-api-" + p.getPort());
                });
            });
            assertThat(slices)
                    .map(slice -> slice.getEndpoints().get(0).getTargetRef().getName())
                    .containsExactlyInAnyOrderElementsOf(
                            ready.stream().map(p -> p.getMetadata().getName()).toList());
            assertThat(slices)
                    .map(slice -> slice.getPorts().get(0).getPort())
                    .containsExactlyInAnyOrderElementsOf(
                            ready.stream().map(LocalClusterTest::port).toList());
        });

        client.apps()
                .deployments()
                .inNamespace(ns)
                .withName("slicer-r1")
                .edit(x -> new DeploymentBuilder(x)
                        .editSpec()
                        .withReplicas(0)
                        .endSpec()
                        .build());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(slices(ns, "slicer-api")).isEmpty());
    }

    @Test
    void startedPodsHavePodMetricsWithTheirLabelsAndUsage() {
        String ns = "metrics";
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("measured-r1", "measured", "1", "measured:v1", 2, false))
                .create();
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("other-r1", "other", "1", "other:v1", 1, false))
                .create();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> readyPods(ns, "measured").size() == 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PodMetricsList list = client.top()
                    .pods()
                    .inNamespace(ns)
                    .withLabels(Map.of("tiffin.dev/deployment", "measured", "tiffin.dev/component", "api"))
                    .metrics();
            assertThat(list.getItems())
                    .map(m -> m.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(readyPods(ns, "measured").stream()
                            .map(p -> p.getMetadata().getName())
                            .toList());
            for (PodMetrics m : list.getItems()) {
                assertThat(m.getWindow().getDuration()).isEqualTo(Duration.ofSeconds(1));
                assertThat(m.getTimestamp()).isNotBlank();
                assertThat(m.getContainers()).singleElement().satisfies(c -> {
                    assertThat(c.getName()).isEqualTo("bento");
                    // idle: 5 millicores, the Bento's memory at rest (256 MiB)
                    assertThat(c.getUsage().get("cpu").getNumericalAmount())
                            .isEqualByComparingTo(new java.math.BigDecimal("0.005"));
                    assertThat(c.getUsage().get("memory").getNumericalAmount())
                            .isEqualByComparingTo(new java.math.BigDecimal(268435456L));
                });
            }
        });
        String pod = readyPods(ns, "measured").get(0).getMetadata().getName();
        assertThat(client.resources(PodMetrics.class)
                        .inNamespace(ns)
                        .withName(pod)
                        .get()
                        .getMetadata()
                        .getLabels())
                .containsEntry("tiffin.dev/deployment", "measured");

        client.apps().deployments().inNamespace(ns).withName("measured-r1").delete();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(client.top()
                                .pods()
                                .inNamespace(ns)
                                .withLabels(Map.of("tiffin.dev/deployment", "measured"))
                                .metrics()
                                .getItems())
                        .isEmpty());
    }

    @Test
    void neverReadyBentoStaysUnready() throws Exception {
        client.configMaps()
                .inNamespace(BehaviourConfig.CONFIG_MAP_NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(BehaviourConfig.CONFIG_MAP_NAME)
                        .endMetadata()
                        .addToData(BehaviourConfig.CONFIG_MAP_KEY, "{\"broken:v2\": {\"neverReady\": true}}")
                        .build())
                .create();
        String ns = "broken";
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("broken-r2", "broken", "2", "broken:v2", 3, false))
                .create();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.pods().inNamespace(ns).list().getItems().stream()
                                .filter(p -> "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == 3);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> {
            DeploymentStatus s = client.apps()
                    .deployments()
                    .inNamespace(ns)
                    .withName("broken-r2")
                    .get()
                    .getStatus();
            return s != null && s.getReplicas() == 3 && s.getReadyReplicas() == 0;
        });
        Deployment d = client.apps()
                .deployments()
                .inNamespace(ns)
                .withName("broken-r2")
                .get();
        assertThat(condition(d.getStatus(), "Available")).isEqualTo("False");
        for (Pod pod : client.pods().inNamespace(ns).list().getItems()) {
            assertThat(get(port(pod), "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(port(pod), "/livez").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void gpuPodsGetTheDcgmUtilisationMetric() {
        String ns = "gpu";
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("llm-r1", "llm", "1", "llm:v1", 1, true))
                .create();
        client.apps()
                .deployments()
                .inNamespace(ns)
                .resource(deployment("cpu-r1", "cpu", "1", "cpu:v1", 1, false))
                .create();
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        readyPods(ns, "llm").size() == 1 && readyPods(ns, "cpu").size() == 1);
        String gpuPod = readyPods(ns, "llm").get(0).getMetadata().getName();
        String cpuPod = readyPods(ns, "cpu").get(0).getMetadata().getName();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String metrics = metrics();
            assertThat(metrics)
                    .containsPattern(
                            "DCGM_FI_DEV_GPU_UTIL\\{gpu=\"0\",[^}]*namespace=\"gpu\",pod=\"" + gpuPod + "\"} \\d")
                    .contains("tiffin_sim_pod_cpu_millicores{namespace=\"gpu\",pod=\"" + cpuPod + "\"}")
                    .contains("tiffin_sim_pod_memory_bytes{namespace=\"gpu\",pod=\"" + gpuPod + "\"}")
                    .doesNotContainPattern("DCGM_FI_DEV_GPU_UTIL\\{[^}]*pod=\"" + cpuPod + "\"");
        });
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static Deployment deployment(String name, String app, String revision, String image, int replicas, boolean gpu) {
        Map<String, String> labels =
                Map.of("tiffin.dev/deployment", app, "tiffin.dev/component", "api", "tiffin.dev/revision", revision);
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector()
                .withMatchLabels(labels)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("bento")
                .withImage(image)
                .withNewResources()
                .withLimits(gpu ? Map.of("nvidia.com/gpu", new Quantity("1")) : Map.of())
                .endResources()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static List<Pod> readyPods(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("tiffin.dev/deployment", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getAnnotations().get(KubeletSimulator.TERMINATING_ANNOTATION) == null)
                .filter(p -> p.getStatus() != null
                        && p.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .toList();
    }

    static List<EndpointSlice> slices(String ns, String service) {
        return client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(ns)
                .withLabel("kubernetes.io/service-name", service)
                .list()
                .getItems();
    }

    static String condition(DeploymentStatus s, String type) {
        return Optional.ofNullable(s.getConditions()).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus())
                .findFirst()
                .orElse(null);
    }

    static int port(Pod pod) {
        return Integer.parseInt(pod.getMetadata().getAnnotations().get(KubeletSimulator.PORT_ANNOTATION));
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hello\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static boolean unreachable(int port) {
        try {
            get(port, "/livez");
            return false;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String metrics() throws IOException, InterruptedException {
        return get(cluster.metricsPort(), "/metrics").body();
    }
}
