package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiffin.contracts.events.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * k8s/components (Strimzi, CloudNativePG, Prometheus Operator), rendered through overlays/production-operators, fit
 * the base and the code; the base and the other overlays need no CRD; the Grafana dashboards ship as ConfigMaps made
 * from the very files docker-compose mounts.
 */
class OperatorComponentsTest {

    static final Path OPERATORS = Repo.path("k8s/overlays/production-operators");
    static final Path PROMETHEUS_RULE = Repo.path("k8s/components/prometheus-operator/prometheusrule.yaml");

    /** Kinds every cluster has: what the base and the plain overlays may contain. */
    static final Set<String> BUILT_IN = Set.of(
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "ConfigMap",
            "Deployment",
            "Service",
            "PodDisruptionBudget");

    private static final List<JsonNode> RENDERED = Repo.yamlDocuments(Repo.kustomize(OPERATORS));

    private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(Repo.text(o, "kind"))).toList();
    }

    private static JsonNode named(List<JsonNode> objects, String kind, String prefix) {
        return ofKind(objects, kind).stream()
                .filter(o -> Repo.text(o.path("metadata"), "name").startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + prefix + "*"));
    }

    @Test
    void theBaseAndThePlainOverlaysNeedNoCustomResourceDefinitions() {
        for (String dir : List.of("k8s/base", "k8s/overlays/local", "k8s/overlays/production")) {
            Set<String> kinds = new TreeSet<>();
            Repo.yamlDocuments(Repo.kustomize(Repo.path(dir))).forEach(o -> kinds.add(Repo.text(o, "kind")));
            assertThat(BUILT_IN)
                    .as("%s kinds %s are built into Kubernetes", dir, kinds)
                    .containsAll(kinds);
        }
    }

    @Test
    void strimziTopicsAreTheContractTopicsOnTheClusterTheServicesUse() {
        JsonNode kafka = named(RENDERED, "Kafka", "");
        String cluster = Repo.text(kafka.path("metadata"), "name");
        Map<String, TopicSpec> topics = new TreeMap<>();
        for (JsonNode topic : ofKind(RENDERED, "KafkaTopic")) {
            assertThat(topic.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText())
                    .as("KafkaTopic %s cluster", Repo.text(topic.path("metadata"), "name"))
                    .isEqualTo(cluster);
            Map<String, String> configs = new TreeMap<>();
            topic.path("spec")
                    .path("config")
                    .fields()
                    .forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
            String name = Repo.text(topic.path("spec"), "topicName");
            topics.put(
                    name,
                    new TopicSpec(name, topic.path("spec").path("partitions").asInt(), Map.copyOf(configs)));
        }
        Map<String, TopicSpec> expected = new TreeMap<>();
        TopicSpec.all().forEach(t -> expected.put(t.name(), t));
        assertThat(topics).as("KafkaTopics (contracts TopicSpec.all())").isEqualTo(expected);

        int plainPort = -1;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            if (!listener.path("tls").asBoolean(true)) {
                plainPort = listener.path("port").asInt();
            }
        }
        JsonNode kafkaConfig = named(RENDERED, "ConfigMap", "tiffin-kafka");
        assertThat(Repo.text(kafkaConfig.path("data"), "KAFKA_BOOTSTRAP_SERVERS"))
                .as("the services' bootstrap servers are the Strimzi cluster's plain listener")
                .isEqualTo(cluster + "-kafka-bootstrap:" + plainPort);
    }

    @Test
    void cloudNativePgIsTheDatabaseTheServicesUseWithItsGeneratedCredentials() {
        JsonNode db = named(RENDERED, "Cluster", "");
        String host = Repo.text(db.path("metadata"), "name") + "-rw";
        String database = Repo.text(db.path("spec").path("bootstrap").path("initdb"), "database");
        JsonNode dbConfig = named(RENDERED, "ConfigMap", "tiffin-database");
        assertThat(Repo.text(dbConfig.path("data"), "QUARKUS_DATASOURCE_REACTIVE_URL"))
                .isEqualTo("postgresql://" + host + ":5432/" + database);
        assertThat(Repo.text(dbConfig.path("data"), "QUARKUS_DATASOURCE_JDBC_URL"))
                .isEqualTo("jdbc:postgresql://" + host + ":5432/" + database);
        for (JsonNode deployment : ofKind(RENDERED, "Deployment")) {
            for (JsonNode env : KubernetesTest.Rendered.container(deployment).path("env")) {
                String name = Repo.text(env, "name");
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                if ("QUARKUS_DATASOURCE_USERNAME".equals(name) || "QUARKUS_DATASOURCE_PASSWORD".equals(name)) {
                    assertThat(Repo.text(ref, "name"))
                            .as("%s of %s", name, KubernetesTest.Rendered.name(deployment))
                            .isEqualTo(Repo.text(db.path("metadata"), "name") + "-app");
                    assertThat(Repo.text(ref, "key")).isEqualTo(name.endsWith("USERNAME") ? "username" : "password");
                }
            }
        }
    }

    @Test
    void theServiceMonitorScrapesEveryServiceWithTheComposeJobNames() {
        JsonNode monitor = named(RENDERED, "ServiceMonitor", "");
        String jobLabel = Repo.text(monitor.path("spec"), "jobLabel");
        Set<String> selected = new TreeSet<>();
        monitor.path("spec").path("selector").path("matchExpressions").forEach(e -> {
            assertThat(Repo.text(e, "key")).isEqualTo(jobLabel);
            assertThat(Repo.text(e, "operator")).isEqualTo("In");
            e.path("values").forEach(v -> selected.add(v.asText()));
        });
        Set<String> services = new TreeSet<>();
        Repo.services().forEach(s -> services.add(s.name()));
        assertThat(selected).as("services the ServiceMonitor selects").isEqualTo(services);
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        for (QuarkusService service : Repo.services()) {
            JsonNode svc = named(RENDERED, "Service", service.name());
            assertThat(svc.path("metadata").path("labels").path(jobLabel).asText())
                    .as("%s job label", service.name())
                    .isEqualTo(service.name());
            List<String> ports = new ArrayList<>();
            svc.path("spec").path("ports").forEach(p -> ports.add(Repo.text(p, "name")));
            assertThat(ports)
                    .as("%s has the port the ServiceMonitor scrapes", service.name())
                    .contains(Repo.text(endpoint, "port"));
            assertThat(Repo.text(endpoint, "path")).isEqualTo(service.metricsPath());
        }
    }

    @Test
    void thePrometheusRuleCarriesTheAlertRules() throws IOException {
        JsonNode alerts = Repo.yaml(ObservabilityTest.ALERTS);
        if (Boolean.getBoolean("tiffin.prometheusrule.write")) {
            String header = Repo.read(PROMETHEUS_RULE)
                    .lines()
                    .takeWhile(l -> l.startsWith("#"))
                    .reduce("", (a, b) -> a + b + "\n");
            ObjectNode rule = Repo.YAML.createObjectNode();
            rule.put("apiVersion", "monitoring.coreos.com/v1");
            rule.put("kind", "PrometheusRule");
            rule.putObject("metadata").put("name", "tiffin-alerts");
            rule.putObject("spec").set("groups", alerts.path("groups"));
            Files.writeString(
                    PROMETHEUS_RULE, header + Repo.YAML.writeValueAsString(rule).replaceFirst("^---\n", ""));
        }
        JsonNode rule = Repo.yaml(PROMETHEUS_RULE);
        assertThat(rule.path("spec").path("groups"))
                .as("k8s/components/prometheus-operator/prometheusrule.yaml spec.groups = deploy/prometheus/alerts.yml"
                        + " groups (regenerate: -Dtiffin.prometheusrule.write=true)")
                .isEqualTo(alerts.path("groups"));
        assertThat(named(RENDERED, "PrometheusRule", "")
                        .path("metadata")
                        .path("namespace")
                        .asText())
                .isEqualTo(KubernetesTest.NAMESPACE);
    }

    @Test
    void theDashboardConfigMapsAreTheComposeDashboardFiles() {
        List<JsonNode> base = Repo.yamlDocuments(Repo.kustomize(Repo.path("k8s/base")));
        Map<String, String> shipped = new TreeMap<>();
        for (JsonNode cm : ofKind(base, "ConfigMap")) {
            if ("1"
                    .equals(cm.path("metadata")
                            .path("labels")
                            .path("grafana_dashboard")
                            .asText())) {
                cm.path("data")
                        .fields()
                        .forEachRemaining(
                                e -> shipped.put(e.getKey(), e.getValue().asText()));
            }
        }
        Map<String, String> files = new TreeMap<>();
        try (var list = Files.list(ObservabilityTest.DASHBOARDS)) {
            list.filter(f -> f.toString().endsWith(".json"))
                    .forEach(f -> files.put(f.getFileName().toString(), Repo.read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("dashboards").isNotEmpty();
        assertThat(shipped)
                .as("dashboard ConfigMaps (label grafana_dashboard=1) of k8s/base = deploy/grafana/dashboards/*.json")
                .isEqualTo(files);
    }
}
