// Set-up and cold-start measurement for bin/tiffin-bench-traffic. A single-file Java program (run with
// `java -cp <local-cluster jar>:<local-stack kafka-libs>/* TrafficBenchSetup.java <command> ...`): it writes the
// Kubernetes objects the rollout service would write, publishes the events the deployment-service and the gateway
// would publish, and times a scale from zero. Not part of the build.

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.SpecDefaults;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class TrafficBenchSetup {

    static final String NS = "default";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "deploy" -> deploy(args[1], args[2], Integer.parseInt(args[3]));
            case "revision" -> revision(args[1], args[2], args[3]);
            case "token" -> token(args[1], args[2]);
            case "endpoint" -> System.out.println(endpoint(args[1], args[2], Duration.ofSeconds(60)));
            case "coldstart" -> coldStart(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static KubernetesClient kube(String kubeconfig) {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(null, new File(kubeconfig)))
                .build();
    }

    static Map<String, String> labels(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", "tiffin");
        labels.put("tiffin.dev/deployment", name);
        labels.put("tiffin.dev/component", "api-server");
        return labels;
    }

    /** The Service and revision-1 workload of deployment {@code name}, as the rollout service writes them. */
    static void deploy(String kubeconfig, String name, int replicas) {
        try (KubernetesClient kube = kube(kubeconfig)) {
            Map<String, String> labels = labels(name);
            kube.services()
                    .inNamespace(NS)
                    .resource(new ServiceBuilder()
                            .withNewMetadata()
                            .withName(name + "-api-server")
                            .withNamespace(NS)
                            .withLabels(labels)
                            .addToAnnotations("tiffin.dev/component-name", "api-server")
                            .endMetadata()
                            .withNewSpec()
                            .withSelector(labels)
                            .addNewPort()
                            .withName("http")
                            .withPort(3000)
                            .endPort()
                            .endSpec()
                            .build())
                    .create();
            Map<String, String> pod = new LinkedHashMap<>(labels);
            pod.put("tiffin.dev/revision", "1");
            kube.apps()
                    .deployments()
                    .inNamespace(NS)
                    .resource(new DeploymentBuilder()
                            .withNewMetadata()
                            .withName(name + "-api-server-r1")
                            .withNamespace(NS)
                            .withLabels(pod)
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(replicas)
                            .withNewSelector()
                            .withMatchLabels(pod)
                            .endSelector()
                            .withNewTemplate()
                            .withNewMetadata()
                            .withLabels(pod)
                            .addToAnnotations("tiffin.dev/component-name", "api-server")
                            .endMetadata()
                            .withNewSpec()
                            .addNewContainer()
                            .withName("bento")
                            .withImage("bench/iris:v1")
                            .endContainer()
                            .endSpec()
                            .endTemplate()
                            .endSpec()
                            .build())
                    .create();
        }
    }

    static void scale(KubernetesClient kube, String name, int replicas) {
        kube.apps()
                .deployments()
                .inNamespace(NS)
                .withName(name + "-api-server-r1")
                .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    }

    static void revision(String bootstrap, String name, String access) throws Exception {
        DeploymentId id = new DeploymentId("local", NS, name);
        DeploymentSpec spec = SpecDefaults.effective(
                new DeploymentSpec(
                        name, null, "local", NS, access, "iris:v1", null, List.of(), Map.of(), Map.of(),
                        new Component(null, null, null, null, null), Map.of()),
                "local",
                NS);
        publish(bootstrap, Topics.DEPLOYMENT_EVENTS, id.key(),
                new RevisionCreated(id, 1, null, "bench", "create", spec, null, Map.of(), null, Instant.now()));
    }

    static void token(String bootstrap, String secret) throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        publish(bootstrap, Topics.ACCESS, "bench-token",
                new TokenCreated("bench-token", "bench", hash, List.of("endpoints:invoke"), List.of(), null, Instant.now()));
    }

    static void publish(String bootstrap, String topic, String key, EventData data) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            String json = EventCodec.encode(EventCodec.wrap("tiffin/bench", key, data, Clock.systemUTC()));
            producer.send(new ProducerRecord<>(topic, key, json)).get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code host:port} of the first ready endpoint of {@code name}'s API server. */
    static String endpoint(String kubeconfig, String name, Duration wait) throws Exception {
        try (KubernetesClient kube = kube(kubeconfig)) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                String address = ready(kube.endpoints().inNamespace(NS).withName(name + "-api-server").get());
                if (address != null) {
                    return address;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("no ready endpoint of " + name);
        }
    }

    static String ready(Endpoints e) {
        if (e == null || e.getSubsets() == null) {
            return null;
        }
        for (var s : e.getSubsets()) {
            if (s.getAddresses() != null && !s.getAddresses().isEmpty() && s.getPorts() != null && !s.getPorts().isEmpty()) {
                return s.getAddresses().get(0).getIp() + ":" + s.getPorts().get(0).getPort();
            }
        }
        return null;
    }

    /**
     * Scale from zero, {@code rounds} times: a request is sent to the component at 0 replicas (held by the traffic
     * service), the workload is scaled to 1 at once (standing in for the autoscaler and the rollout service), and the
     * time until the response is compared with the replica's start-up: the time until its Endpoints list it ready.
     */
    static void coldStart(String kubeconfig, String name, int trafficPort, int rounds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Double> overheads = new ArrayList<>();
        List<Double> firstResponses = new ArrayList<>();
        try (KubernetesClient kube = kube(kubeconfig)) {
            for (int round = 0; round < rounds; round++) {
                CompletableFuture<Long> readyAt = new CompletableFuture<>();
                Watch watch = kube.endpoints().inNamespace(NS).withName(name + "-api-server").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Endpoints e) {
                        if (ready(e) != null) {
                            readyAt.complete(System.nanoTime());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
                try {
                    long start = System.nanoTime();
                    CompletableFuture<HttpResponse<String>> response = http.sendAsync(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trafficPort + "/" + NS + "/" + name + "/predict"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    scale(kube, name, 1);
                    HttpResponse<String> r = response.get(60, TimeUnit.SECONDS);
                    long answered = System.nanoTime();
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("cold request answered " + r.statusCode() + ": " + r.body());
                    }
                    long ready = readyAt.get(30, TimeUnit.SECONDS);
                    firstResponses.add((answered - start) / 1e6);
                    overheads.add((answered - ready) / 1e6);
                } finally {
                    watch.close();
                }
                scale(kube, name, 0);
                // wait until the replica is gone from the Endpoints before the next round
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ready(kube.endpoints().inNamespace(NS).withName(name + "-api-server").get()) != null
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(1500); // the pod's grace period and the traffic service's view settle
            }
        }
        Collections.sort(overheads);
        Collections.sort(firstResponses);
        System.out.printf(
                "coldstart rounds=%d first_response_median_ms=%.1f overhead_median_ms=%.1f overhead_max_ms=%.1f%n",
                rounds,
                firstResponses.get(firstResponses.size() / 2),
                overheads.get(overheads.size() / 2),
                overheads.get(overheads.size() - 1));
    }
}
