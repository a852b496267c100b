package dev.tiffin.traffic.it;

import static org.awaitility.Awaitility.await;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.events.data.TokenRevoked;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.SpecDefaults;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.traffic.proxy.ComponentGate;
import dev.tiffin.traffic.proxy.LiveRoute;
import dev.tiffin.traffic.proxy.RouteRegistry;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the traffic-service tests set up: Kubernetes objects on the local cluster as the rollout service would write
 * them (a Service per component, an apps/v1 Deployment per revision, with Tiffin's labels and annotation), and the
 * events the other services would publish (revisions, tokens).
 */
final class Fixture {

    static final String NAMESPACE = "default";
    static final String CLUSTER = "local";
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Fixture() {}

    static KubernetesClient kube(LocalCluster cluster) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, cluster.kubeconfig().toFile()))
                .build();
    }

    static DeploymentId id(String name) {
        return new DeploymentId(CLUSTER, NAMESPACE, name);
    }

    static String dns(String component) {
        return component.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Map<String, String> labels(String deployment, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "tiffin");
        labels.put("tiffin.dev/deployment", deployment);
        labels.put("tiffin.dev/component", dns(component));
        return labels;
    }

    /** The component's Service, as the rollout service writes it (selector: deployment + component). */
    static void service(KubernetesClient kube, String deployment, String component) {
        Map<String, String> labels = labels(deployment, component);
        kube.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(deployment + "-" + dns(component))
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .addToAnnotations("tiffin.dev/component-name", component)
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("tiffin.dev/deployment", deployment)
                        .addToSelector("tiffin.dev/component", dns(component))
                        .addNewPort()
                        .withName("http")
                        .withPort(3000)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
    }

    /** The revision's workload {@code <deployment>-<component>-r<N>} with {@code replicas} pods of {@code image}. */
    static void workload(
            KubernetesClient kube, String deployment, String component, int revision, int replicas, String image) {
        Map<String, String> labels = labels(deployment, component);
        labels.put("tiffin.dev/revision", Integer.toString(revision));
        kube.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(workloadName(deployment, component, revision))
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .addToAnnotations("tiffin.dev/component-name", component)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
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
                        .withImage(image)
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(3000)
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    static String workloadName(String deployment, String component, int revision) {
        return deployment + "-" + dns(component) + "-r" + revision;
    }

    static void scale(KubernetesClient kube, String deployment, String component, int revision, int replicas) {
        kube.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName(workloadName(deployment, component, revision))
                .edit(d -> new DeploymentBuilder(d)
                        .editSpec()
                        .withReplicas(replicas)
                        .endSpec()
                        .build());
    }

    /** A selector-less Service whose Endpoints point at a server of the test ({@link TestUpstream}). */
    static void externalComponent(KubernetesClient kube, String deployment, String component, int port) {
        Map<String, String> labels = labels(deployment, component);
        String name = deployment + "-" + dns(component);
        kube.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .addToAnnotations("tiffin.dev/component-name", component)
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("http")
                        .withPort(3000)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        kube.endpoints()
                .inNamespace(NAMESPACE)
                .resource(new EndpointsBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .withLabels(labels)
                        .endMetadata()
                        .addNewSubset()
                        .addNewAddress()
                        .withIp("127.0.0.1")
                        .endAddress()
                        .addNewPort()
                        .withName("http")
                        .withPort(port)
                        .endPort()
                        .endSubset()
                        .build())
                .create();
    }

    static TrafficControl traffic(String timeout, Integer maxQueue, Integer maxConcurrency) {
        return new TrafficControl(timeout == null ? null : TimeoutValue.of(timeout), maxQueue, maxConcurrency);
    }

    /** Publishes a RevisionCreated with the effective spec, as the deployment-service does. */
    static void revision(
            KafkaCompanion kafka,
            String name,
            int revision,
            String access,
            TrafficControl api,
            Map<String, TrafficControl> runners) {
        Map<String, Component> runnerSpecs = new LinkedHashMap<>();
        if (runners != null) {
            runners.forEach((k, v) -> runnerSpecs.put(k, new Component(null, null, v, null, null)));
        }
        DeploymentSpec spec = new DeploymentSpec(
                name,
                null,
                CLUSTER,
                NAMESPACE,
                access,
                "iris:v" + revision,
                null,
                List.of(),
                Map.of(),
                Map.of(),
                new Component(null, null, api, null, null),
                runnerSpecs);
        DeploymentSpec effective = SpecDefaults.effective(spec, CLUSTER, NAMESPACE);
        DeploymentId id = id(name);
        publish(
                kafka,
                Topics.DEPLOYMENT_EVENTS,
                id.key(),
                new RevisionCreated(
                        id,
                        revision,
                        revision > 1 ? revision - 1 : null,
                        "req-" + name + "-" + revision,
                        revision > 1 ? "update" : "create",
                        effective,
                        null,
                        Map.of(),
                        null,
                        Instant.now()));
    }

    static void publish(KafkaCompanion kafka, String topic, String key, EventData data) {
        String json = EventCodec.encode(EventCodec.wrap("tiffin/test", key, data, Clock.systemUTC()));
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(topic, key, json))
                .awaitCompletion(Duration.ofSeconds(10));
    }

    static void token(
            KafkaCompanion kafka, String tokenId, String secret, List<String> scopes, List<String> deployments) {
        String hash = HexFormat.of().formatHex(dev.tiffin.traffic.domain.TokenHash.sha256(secret));
        publish(
                kafka,
                Topics.ACCESS,
                tokenId,
                new TokenCreated(tokenId, tokenId, hash, scopes, deployments, null, Instant.now()));
    }

    static void revoke(KafkaCompanion kafka, String tokenId) {
        publish(kafka, Topics.ACCESS, tokenId, new TokenRevoked(tokenId, Instant.now()));
    }

    /** Waits until the route of {@code name} is at {@code revision} and {@code component} has {@code ready} replicas. */
    static ComponentGate awaitRoute(RouteRegistry registry, String name, int revision, String component, int ready) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            LiveRoute live = registry.route(NAMESPACE, name);
            return live != null
                    && live.route().revision() == revision
                    && live.gate(component) != null
                    && live.gate(component).replicas().size() == ready;
        });
        return registry.route(NAMESPACE, name).gate(component);
    }

    static HttpResponse<String> post(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 1}"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(
            int port, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\": 1}"));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
