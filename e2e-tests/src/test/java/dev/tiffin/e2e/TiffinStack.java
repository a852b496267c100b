package dev.tiffin.e2e;

import static io.restassured.RestAssured.given;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The system under test, once per JVM: a real KRaft broker, a fresh PostgreSQL database state, the local simulated
 * cluster (in this JVM; the services reach it through its kubeconfig, as they would a real cluster), and the packaged
 * services as processes, with the catalogs seeded through the public API. Stand-in Bento pods become ready after
 * 200 ms; those of Bento {@code iris-classifier:slow} ({@code registry.local/slow}) after 1 s, and those of
 * {@code iris-classifier:broken} ({@code registry.local/broken}) never.
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
        java.nio.file.Files.writeString(
                behaviours,
                "{\"registry.local/broken\": {\"neverReady\": true},"
                        + " \"registry.local/slow\": {\"startupDelayMs\": 1000}}");
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
        deploymentService = new ServiceProcess(
                "deployment-service",
                repoRoot.resolve("deployment-service/target/quarkus-app/quarkus-run.jar"),
                freePort(),
                common,
                logs);
        rolloutService = new ServiceProcess(
                "rollout-service",
                repoRoot.resolve("rollout-service/target/quarkus-app/quarkus-run.jar"),
                freePort(),
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        kafka,
                        "TIFFIN_SECRETS_KEY",
                        secretsKey,
                        "TIFFIN_KUBECONFIG",
                        kubeconfig),
                logs);
        autoscalerService = new ServiceProcess(
                "autoscaler-service",
                repoRoot.resolve("autoscaler-service/target/quarkus-app/quarkus-run.jar"),
                freePort(),
                Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka, "TIFFIN_KUBECONFIG", kubeconfig),
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
                freePort(),
                gatewayEnv,
                logs);
        deploymentService.start();
        rolloutService.start();
        autoscalerService.start();
        gateway.start();
        // stop every service together: one after the other, a slow graceful stop could outlast the time the test
        // JVM is given to exit, and the rest would be left running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ServiceProcess.stopAll(List.of(gateway, deploymentService, rolloutService, autoscalerService));
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
                Map.of("name", "gpu.l4.1", "cpu", "4", "memory", "16Gi", "gpu", 1, "gpu_type", "nvidia-l4"))) {
            api().body(type).post("/v1/instance-types").then().statusCode(201);
        }
        for (Map<String, Object> bento : List.<Map<String, Object>>of(
                Map.of(
                        "repository",
                        "iris-classifier",
                        "version",
                        "v1",
                        "image",
                        "tiffin/stand-in-bento:0.1",
                        "api_server",
                        "IrisClassifier",
                        "runners",
                        List.of("iris_clf")),
                Map.of(
                        "repository",
                        "iris-classifier",
                        "version",
                        "v2",
                        "image",
                        "tiffin/stand-in-bento:0.1",
                        "api_server",
                        "IrisClassifier",
                        "runners",
                        List.of("iris_clf")),
                Map.of(
                        "repository",
                        "iris-classifier",
                        "version",
                        "broken",
                        "image",
                        "registry.local/broken:v1",
                        "api_server",
                        "IrisClassifier",
                        "runners",
                        List.of("iris_clf")),
                Map.of(
                        "repository",
                        "iris-classifier",
                        "version",
                        "slow",
                        "image",
                        "registry.local/slow:v1",
                        "api_server",
                        "IrisClassifier",
                        "runners",
                        List.of("iris_clf")),
                Map.of(
                        "repository",
                        "llm-chat",
                        "version",
                        "v1",
                        "image",
                        "tiffin/stand-in-bento:0.1",
                        "api_server",
                        "ChatService",
                        "runners",
                        List.of("tokenizer", "generator")))) {
            api().body(bento).post("/v1/bentos").then().statusCode(201);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
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
