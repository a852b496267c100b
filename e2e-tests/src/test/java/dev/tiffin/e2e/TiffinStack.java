package dev.tiffin.e2e;

import static io.restassured.RestAssured.given;

import dev.tiffin.deploychecks.prometheus.PrometheusServer;
import dev.tiffin.deploychecks.prometheus.PrometheusServer.Target;
import dev.tiffin.localcluster.BentoBehaviour;
import dev.tiffin.localcluster.LocalCluster;
import dev.tiffin.testsupport.EmbeddedKafka;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The system under test, once per JVM: a real KRaft broker, a fresh PostgreSQL database state, the local simulated
 * cluster (in this JVM; the services reach it through its kubeconfig, as they would a real cluster), the five packaged
 * services as processes (the traffic-service's data plane in front of the deployments), and a real Prometheus that
 * scrapes every service and the cluster's metrics (the autoscaler reads GPU utilisation from it, and it evaluates the
 * shipped alert rules). The catalogs are seeded through the public API.
 *
 * <p>Stand-in Bento pods become ready after 200 ms and answer a POST in 5 ms, except those of these Bentos (image →
 * behaviour, see {@link #BEHAVIOURS}): {@code iris-classifier:slow} ready after 1 s; {@code iris-classifier:broken}
 * never ready; {@code iris-classifier:sleepy} answers in 3 s; {@code iris-classifier:busy} answers in 200 ms, 16 at a
 * time, 100 millicores per request in flight (CPU and GPU load); {@code iris-classifier:hungry} answers in 1 s, 64 at a
 * time (16 MiB of memory per request in flight); {@code iris-classifier:glacial} ready after 30 s.
 */
final class TiffinStack {

    static final String CLUSTER = "local";
    static final String NAMESPACE = "default";

    private static TiffinStack instance;

    final Path repoRoot;
    final String kafka;
    final String adminToken;
    final LocalCluster cluster;
    final ServiceProcess deploymentService;
    final ServiceProcess gateway;
    final ServiceProcess rolloutService;
    final ServiceProcess autoscalerService;
    final ServiceProcess trafficService;
    final PrometheusServer prometheus;
    /** The traffic-service's public (API servers) and internal (runners) data-plane ports. */
    final int dataPort;

    final int internalDataPort;

    /** The node label the GPU instance type selects (GKE's accelerator label). */
    static final String GPU_NODE_LABEL = "cloud.google.com/gke-accelerator";

    static final String BEHAVIOURS = "{\"registry.local/broken\": {\"neverReady\": true},"
            + " \"registry.local/slow\": {\"startupDelayMs\": 1000},"
            + " \"registry.local/sleepy\": {\"latencyMs\": 3000},"
            + " \"registry.local/busy\": {\"latencyMs\": 200, \"capacity\": 16, \"cpuPerRequestMillicores\": 100},"
            + " \"registry.local/hungry\": {\"latencyMs\": 1000, \"capacity\": 64},"
            + " \"registry.local/glacial\": {\"startupDelayMs\": 30000}}";

    private TiffinStack() throws IOException {
        repoRoot = Path.of(System.getProperty("tiffin.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        kafka = EmbeddedKafka.bootstrapServers();
        String pgUrl = System.getProperty("tiffin.e2e.pg.url", "postgresql://127.0.0.1:5432/tiffin_e2e");
        resetDatabase(pgUrl);
        adminToken = "tfn_" + randomBase64Url();
        Path clusterDir = repoRoot.resolve("e2e-tests/target/e2e-cluster");
        java.nio.file.Files.createDirectories(clusterDir);
        Path behaviours = clusterDir.resolve("behaviours.json");
        java.nio.file.Files.writeString(behaviours, BEHAVIOURS);
        cluster = LocalCluster.start(new LocalCluster.Options(
                "127.0.0.1",
                0,
                0,
                clusterDir.resolve("kubeconfig"),
                behaviours,
                BentoBehaviour.DEFAULT.withStartupDelayMs(200).withLatencyMs(5),
                Duration.ofMillis(200)));
        String kubeconfig = cluster.kubeconfig().toString();
        Map<String, String> common = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                kafka,
                "QUARKUS_DATASOURCE_REACTIVE_URL",
                pgUrl,
                "QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:" + pgUrl,
                "QUARKUS_DATASOURCE_USERNAME",
                "tiffin",
                "QUARKUS_DATASOURCE_PASSWORD",
                "tiffin");
        // only the services that seal or open secrets hold the key (docs/adr/0003); the deployment-service runs
        // without it
        String secretsKey = Base64.getEncoder().encodeToString(randomBytes());
        Path logs = repoRoot.resolve("e2e-tests/target/e2e-logs");
        int[] ports = freePorts(7);
        int deploymentPort = ports[0];
        int rolloutPort = ports[1];
        int autoscalerPort = ports[2];
        int trafficPort = ports[3];
        int gatewayPort = ports[4];
        dataPort = ports[5];
        internalDataPort = ports[6];
        deploymentService = new ServiceProcess(
                "deployment-service",
                repoRoot.resolve("deployment-service/target/quarkus-app/quarkus-run.jar"),
                deploymentPort,
                common,
                logs);
        rolloutService = new ServiceProcess(
                "rollout-service",
                repoRoot.resolve("rollout-service/target/quarkus-app/quarkus-run.jar"),
                rolloutPort,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka,
                        "TIFFIN_SECRETS_KEY",
                        secretsKey,
                        "TIFFIN_KUBECONFIG",
                        kubeconfig),
                logs);
        // Prometheus first: the autoscaler reads GPU utilisation from it; the services it scrapes start after it
        List<Target> targets = new ArrayList<>(List.of(
                new Target("api-gateway", "127.0.0.1:" + gatewayPort, "/q/metrics"),
                new Target("deployment-service", "127.0.0.1:" + deploymentPort, "/q/metrics"),
                new Target("rollout-service", "127.0.0.1:" + rolloutPort, "/q/metrics"),
                new Target("autoscaler-service", "127.0.0.1:" + autoscalerPort, "/q/metrics"),
                new Target("traffic-service", "127.0.0.1:" + trafficPort, "/q/metrics"),
                new Target("local-cluster", "127.0.0.1:" + cluster.metricsPort(), "/metrics")));
        prometheus = PrometheusServer.start(targets, List.of(repoRoot.resolve("deploy/prometheus/alerts.yml")));
        autoscalerService = new ServiceProcess(
                "autoscaler-service",
                repoRoot.resolve("autoscaler-service/target/quarkus-app/quarkus-run.jar"),
                autoscalerPort,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka,
                        "TIFFIN_KUBECONFIG",
                        kubeconfig,
                        "TIFFIN_AUTOSCALER_PROMETHEUS_URL",
                        prometheus.baseUrl()),
                logs);
        trafficService = new ServiceProcess(
                "traffic-service",
                repoRoot.resolve("traffic-service/target/quarkus-app/quarkus-run.jar"),
                trafficPort,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka,
                        "TIFFIN_KUBECONFIG",
                        kubeconfig,
                        "TIFFIN_TRAFFIC_PORT",
                        String.valueOf(dataPort),
                        "TIFFIN_TRAFFIC_INTERNAL_PORT",
                        String.valueOf(internalDataPort),
                        "TIFFIN_TRAFFIC_HOST",
                        "127.0.0.1",
                        "TIFFIN_TRAFFIC_INTERNAL_HOST",
                        "127.0.0.1",
                        "TIFFIN_TRAFFIC_COLD_START_WAIT",
                        "60s"),
                logs);
        Map<String, String> gatewayEnv = new java.util.HashMap<>(common);
        gatewayEnv.put("TIFFIN_BOOTSTRAP_TOKEN", adminToken);
        gatewayEnv.put("TIFFIN_SECRETS_KEY", secretsKey);
        gatewayEnv.put("TIFFIN_DEPLOYMENT_SERVICE_URL", deploymentService.baseUrl());
        gatewayEnv.put("TIFFIN_ROLLOUT_SERVICE_URL", rolloutService.baseUrl());
        gatewayEnv.put("TIFFIN_AUTOSCALER_SERVICE_URL", autoscalerService.baseUrl());
        gateway = new ServiceProcess(
                "api-gateway",
                repoRoot.resolve("api-gateway/target/quarkus-app/quarkus-run.jar"),
                gatewayPort,
                gatewayEnv,
                logs);
        deploymentService.start();
        rolloutService.start();
        autoscalerService.start();
        trafficService.start();
        gateway.start();
        // stop every service together: one after the other, a slow graceful stop could outlast the time the test
        // JVM is given to exit, and the rest would be left running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServiceProcess.stopAll(
                    List.of(gateway, deploymentService, rolloutService, autoscalerService, trafficService));
            prometheus.close();
            cluster.close();
        }));
        seedCatalogs();
    }

    static synchronized TiffinStack get() {
        if (instance == null) {
            try {
                instance = new TiffinStack();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The public data-plane URL of a deployment's API server (path-prefix route). */
    String endpoint(String name) {
        return "http://127.0.0.1:" + dataPort + "/" + NAMESPACE + "/" + name;
    }

    /** The internal data-plane URL of one of a deployment's runners. */
    String runnerEndpoint(String name, String runner) {
        return "http://127.0.0.1:" + internalDataPort + "/" + NAMESPACE + "/" + name + "/" + runner;
    }

    RequestSpecification api() {
        return api(adminToken);
    }

    RequestSpecification api(String token) {
        RequestSpecification spec = given().baseUri(gateway.baseUrl()).contentType(ContentType.JSON);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    /** A new token with the given scopes, created through the API. */
    String token(String name, List<String> scopes) {
        return api().body(Map.of("name", name, "scopes", scopes))
                .post("/v1/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }

    private void seedCatalogs() {
        api().body(Map.of(
                        "name", CLUSTER, "default_namespace", NAMESPACE, "description", "the local simulated cluster"))
                .post("/v1/clusters")
                .then()
                .statusCode(201);
        for (Map<String, Object> type : List.<Map<String, Object>>of(
                Map.of("name", "cpu.1", "cpu", "1", "memory", "2Gi", "gpu", 0),
                Map.of("name", "cpu.2", "cpu", "2", "memory", "4Gi", "gpu", 0),
                Map.of(
                        "name",
                        "gpu.l4.1",
                        "cpu",
                        "4",
                        "memory",
                        "16Gi",
                        "gpu",
                        1,
                        "gpu_type",
                        "nvidia-l4",
                        "node_selector",
                        Map.of(GPU_NODE_LABEL, "nvidia-l4")))) {
            api().body(type).post("/v1/instance-types").then().statusCode(201);
        }
        for (String[] iris : new String[][] {
            {"v1", "tiffin/stand-in-bento:0.1"},
            {"v2", "tiffin/stand-in-bento:0.1"},
            {"broken", "registry.local/broken:v1"},
            {"slow", "registry.local/slow:v1"},
            {"sleepy", "registry.local/sleepy:v1"},
            {"busy", "registry.local/busy:v1"},
            {"hungry", "registry.local/hungry:v1"},
            {"glacial", "registry.local/glacial:v1"}
        }) {
            seedBento("iris-classifier", iris[0], iris[1], "IrisClassifier", List.of("iris_clf"));
        }
        seedBento("llm-chat", "v1", "tiffin/stand-in-bento:0.1", "ChatService", List.of("tokenizer", "generator"));
    }

    private void seedBento(String repository, String version, String image, String apiServer, List<String> runners) {
        api().body(Map.of(
                        "repository",
                        repository,
                        "version",
                        version,
                        "image",
                        image,
                        "api_server",
                        apiServer,
                        "runners",
                        runners))
                .post("/v1/bentos")
                .then()
                .statusCode(201);
    }

    private static void resetDatabase(String pgUrl) {
        try (Connection c = DriverManager.getConnection("jdbc:" + pgUrl, "tiffin", "tiffin");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS deployments CASCADE");
            s.execute("DROP SCHEMA IF EXISTS gateway CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + pgUrl + " is not reachable: run bin/test-env first", e);
        }
    }

    /**
     * {@code n} distinct free ports: the sockets are all held open until every port is chosen (a port closed at once
     * can be handed out again by the next request for a free one).
     */
    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String randomBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }
}
