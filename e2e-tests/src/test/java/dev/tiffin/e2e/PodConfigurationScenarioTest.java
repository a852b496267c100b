package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.data.RolloutCompleted;
import dev.tiffin.testsupport.EventLog;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Product scenario 7: what the spec says reaches the pods. Environment variables (a secret one through a Kubernetes
 * Secret, its value never in events, logs or the download), BentoML configuration (as {@code BENTOML_CONFIG_OVERRIDES}),
 * an instance type's requests and limits, custom resources (with a GPU: its limit and toleration), and a GPU instance
 * type's {@code nvidia.com/gpu} limit, toleration and node selector — read from the cluster's API as any operator
 * would. The secret's value is looked for in every record of every topic and in every API answer about the deployment.
 */
@Order(50)
class PodConfigurationScenarioTest {

    static final String SECRET_VALUE = "s3cr3t-value";

    static TiffinStack stack;
    static KubernetesClient kube;

    @BeforeAll
    static void start() throws IOException {
        stack = TiffinStack.get();
        kube = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(stack.cluster.kubeconfig())))
                .build();
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    @Test
    void envsSecretsAndBentoMlConfigurationReachThePodsAndTheSecretNowhereElse() throws Exception {
        // Given the iris deployment: LOG_LEVEL, a secret DB_PASSWORD, bentoml_config api_server.workers 2
        String name = Scenarios.unique("pods");
        stack.api()
                .body(Specs.load("iris.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        Scenarios.awaitStatus(stack, name, "running", 1);

        // Then the API server's container has them
        Container api = container(name, "api-server");
        Map<String, EnvVar> env = api.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("LOG_LEVEL").getValue()).isEqualTo("info");
        assertThat(env.get("BENTOML_CONFIG_OVERRIDES").getValue()).contains("\"workers\":2");
        EnvVar secret = env.get("DB_PASSWORD");
        assertThat(secret.getValue()).isNull();
        String secretName = secret.getValueFrom().getSecretKeyRef().getName();
        Secret stored = kube.secrets()
                .inNamespace(TiffinStack.NAMESPACE)
                .withName(secretName)
                .get();
        String key = secret.getValueFrom().getSecretKeyRef().getKey();
        assertThat(new String(Base64.getDecoder().decode(stored.getData().get(key)), StandardCharsets.UTF_8))
                .isEqualTo(SECRET_VALUE);
        // the instance type cpu.1: requests = limits = 1 CPU, 2Gi
        assertThat(api.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(api.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
        // the runner's custom resources as given
        Container runner = container(name, "iris-clf");
        assertThat(runner.getResources().getRequests())
                .containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("1Gi"));
        assertThat(runner.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));

        // And the secret's value is in no event, no service log and not in the download
        try (EventLog log = new EventLog(stack.kafka)) {
            await().atMost(Scenarios.WAIT)
                    .until(() ->
                            !log.of(Scenarios.key(name), RolloutCompleted.class).isEmpty());
            assertThat(log.all(Scenarios.key(name)))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.event().toString()).doesNotContain(SECRET_VALUE));
        }
        try (Stream<Path> logs = Files.list(stack.repoRoot.resolve("e2e-tests/target/e2e-logs"))) {
            for (Path file : logs.toList()) {
                assertThat(Files.readString(file))
                        .as(file.getFileName().toString())
                        .doesNotContain(SECRET_VALUE);
            }
        }
        for (String answer : List.of("", "/spec", "/revisions", "/revisions/1")) {
            assertThat(stack.api()
                            .get("/v1/deployments/{n}" + answer, name)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .as("GET /v1/deployments/%s%s", name, answer)
                    .doesNotContain(SECRET_VALUE);
        }
        // nor in any record of any topic: requests, events, metrics, state, dead letters
        assertThat(TopicScan.recordsContaining(stack.kafka, SECRET_VALUE))
                .as("records holding the secret's value")
                .isEmpty();
    }

    @Test
    void customResourcesWithAGpuGiveTheGpuLimitAndToleration() {
        // Given custom resources (the Advanced configuration): requests, limits and a GPU, no instance type
        String name = Scenarios.unique("customgpu");
        Map<String, Object> apiServer = new HashMap<>(Scenarios.fixedReplicas(1));
        apiServer.put(
                "resources",
                Map.of(
                        "requests", Map.of("cpu", "2", "memory", "4Gi"),
                        "limits", Map.of("cpu", "4", "memory", "8Gi", "gpu", 1)));
        Scenarios.createRunning(stack, Scenarios.publicSpec(name, "v1", "RollingUpdate", apiServer));

        // Then the container asks for them as given, the GPU as nvidia.com/gpu, and tolerates the GPU nodes' taint
        PodSpec pod = workload(name, "api-server").getSpec().getTemplate().getSpec();
        Container bento = container(name, "api-server");
        assertThat(bento.getResources().getRequests())
                .containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("4Gi"));
        assertThat(bento.getResources().getLimits())
                .containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("8Gi"))
                .containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(pod.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
        // no GPU type was chosen, so no node selector pins a GPU model
        assertThat(pod.getNodeSelector()).doesNotContainKey(TiffinStack.GPU_NODE_LABEL);
        // and the simulated kubelet started the pod with its GPU
        assertThat(stack.cluster.simulator().pods())
                .anyMatch(p -> p.name().startsWith(name + "-api-server-r1") && p.gpus() == 1);
    }

    @Test
    void aGpuInstanceTypeGivesTheGpuLimitTolerationAndNodeSelector() {
        // Given the BentoML 1.x file whose generator runner uses gpu.l4.1
        String name = Scenarios.unique("gpu");
        stack.api()
                .body(Specs.load("bentoml-v1.json", name))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        Scenarios.awaitStatus(stack, name, "running", 1);

        PodSpec generator = workload(name, "generator").getSpec().getTemplate().getSpec();
        Container bento = generator.getContainers().get(0);
        assertThat(bento.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(bento.getResources().getRequests())
                .containsEntry("cpu", new Quantity("4"))
                .containsEntry("memory", new Quantity("16Gi"));
        assertThat(generator.getNodeSelector()).containsEntry(TiffinStack.GPU_NODE_LABEL, "nvidia-l4");
        assertThat(generator.getTolerations()).anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
        // the tokenizer on cpu.1 has neither
        PodSpec tokenizer = workload(name, "tokenizer").getSpec().getTemplate().getSpec();
        assertThat(tokenizer.getContainers().get(0).getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(tokenizer.getNodeSelector()).isNullOrEmpty();
        // and the simulated kubelet started the generator's pod with a GPU
        assertThat(stack.cluster.simulator().pods())
                .anyMatch(p -> p.name().startsWith(name + "-generator-r1") && p.gpus() == 1);
    }

    private static Deployment workload(String name, String componentDns) {
        List<Deployment> found = kube.apps()
                .deployments()
                .inNamespace(TiffinStack.NAMESPACE)
                .withLabel("tiffin.dev/deployment", name)
                .withLabel("tiffin.dev/component", componentDns)
                .list()
                .getItems();
        assertThat(found).as("workloads of %s/%s", name, componentDns).hasSize(1);
        return found.get(0);
    }

    private static Container container(String name, String componentDns) {
        return workload(name, componentDns).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> "bento".equals(c.getName()))
                .findFirst()
                .orElseThrow();
    }
}
