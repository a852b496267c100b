package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/: the Prometheus configuration scrapes every service where it listens, and the Grafana provisioning and
 * dashboards fit docker-compose.yml and query only metrics the services declare. (Whether those series really carry
 * data is the job of the real-Prometheus test issue 6 still asks for.)
 */
class ObservabilityTest {

    static final Path PROMETHEUS = Repo.path("deploy/prometheus/prometheus.yml");
    static final Path DATASOURCES = Repo.path("deploy/grafana/provisioning/datasources");
    static final Path DASHBOARD_PROVIDERS = Repo.path("deploy/grafana/provisioning/dashboards");
    static final Path DASHBOARDS = Repo.path("deploy/grafana/dashboards");

    /** {@code Counter.builder("tiffin.gateway.writes")} and friends in the services' main sources. */
    private static final Pattern METER =
            Pattern.compile("\\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*\"([^\"]+)\"");

    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:tiffin|http_server)_[a-zA-Z0-9_]+)");

    @Test
    void prometheusScrapesEveryServiceOnItsPortAndPath() {
        JsonNode config = Repo.yaml(PROMETHEUS);
        Map<String, JsonNode> jobs = new TreeMap<>();
        config.path("scrape_configs").forEach(job -> jobs.put(Repo.text(job, "job_name"), job));
        for (QuarkusService service : Repo.services()) {
            JsonNode job = jobs.get(service.name());
            assertThat(job).as("a scrape job named %s", service.name()).isNotNull();
            assertThat(Repo.text(job, "metrics_path"))
                    .as("%s metrics_path", service.name())
                    .isEqualTo(service.metricsPath());
            List<String> targets = new ArrayList<>();
            job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText())));
            assertThat(targets)
                    .as("%s targets (compose service name and quarkus.http.port)", service.name())
                    .containsExactly(service.name() + ":" + service.httpPort());
        }
    }

    @Test
    void grafanaProvisioningFitsTheComposeFile() {
        JsonNode grafana = ComposeTest.SERVICES.path("grafana");
        Map<String, String> mounts = new TreeMap<>();
        grafana.path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2) {
                mounts.put(parts[0], parts[1]);
            }
        });
        assertThat(mounts).containsEntry("./deploy/grafana/provisioning", "/etc/grafana/provisioning");
        String dashboardsInContainer = mounts.get("./deploy/grafana/dashboards");
        assertThat(dashboardsInContainer)
                .as("the dashboards folder is mounted into grafana")
                .isNotNull();

        List<String> providerPaths = new ArrayList<>();
        for (Path file : yamlFiles(DASHBOARD_PROVIDERS)) {
            Repo.yaml(file).path("providers").forEach(p -> providerPaths.add(Repo.text(p.path("options"), "path")));
        }
        assertThat(providerPaths).as("dashboard providers").containsExactly(dashboardsInContainer);

        for (String uid : datasourceUids().keySet()) {
            String url = datasourceUids().get(uid);
            assertThat(url).as("datasource %s url", uid).isEqualTo("http://prometheus:9090");
        }
        assertThat(ComposeTest.SERVICES.has("prometheus")).isTrue();
    }

    @Test
    void dashboardsQueryOnlyDeclaredMetricsThroughProvisionedDatasources() {
        Set<String> exported = exportedMetrics();
        Set<String> datasources = datasourceUids().keySet();
        List<Path> dashboards = files(DASHBOARDS, ".json");
        assertThat(dashboards).as("dashboards in deploy/grafana/dashboards").isNotEmpty();
        Set<String> uids = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = Repo.json(file);
            String name = file.getFileName().toString();
            assertThat(Repo.text(dashboard, "uid")).as("%s uid", name).isNotBlank();
            assertThat(uids.add(Repo.text(dashboard, "uid")))
                    .as("%s uid is unique", name)
                    .isTrue();
            assertThat(Repo.text(dashboard, "title")).as("%s title", name).isNotBlank();
            List<String> exprs = new ArrayList<>();
            collect(dashboard, datasources, exprs, name);
            assertThat(exprs).as("%s queries", name).isNotEmpty();
            for (String expr : exprs) {
                Matcher m = METRIC_NAME.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    any = true;
                    assertThat(exported)
                            .as("%s: %s queries %s, which no service declares", name, expr, m.group(1))
                            .contains(m.group(1));
                }
                assertThat(any)
                        .as("%s: %s names a Tiffin or HTTP metric", name, expr)
                        .isTrue();
            }
        }
    }

    /** Every expr in the dashboard (panels, nested rows, template variables); datasource uids must be provisioned. */
    private static void collect(JsonNode node, Set<String> datasources, List<String> exprs, String name) {
        if (node.isObject()) {
            JsonNode ds = node.path("datasource");
            if (ds.isObject() && ds.has("uid") && !ds.path("uid").asText().startsWith("$")) {
                assertThat(datasources)
                        .as(
                                "%s: datasource uid %s is provisioned",
                                name, ds.path("uid").asText())
                        .contains(ds.path("uid").asText());
            }
            if (node.path("expr").isTextual()) {
                exprs.add(node.path("expr").asText());
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("expr")) {
                    collect(e.getValue(), datasources, exprs, name);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, datasources, exprs, name));
        } else if (node.isTextual() && node.asText().contains("label_values(")) {
            exprs.add(node.asText());
        }
    }

    /**
     * The Prometheus series the services declare: Micrometer builders in their main sources, named the way the
     * Prometheus registry names them (dots to underscores; counters {@code _total}; timers {@code _seconds_*}), plus
     * the HTTP server metrics Quarkus exports for every service.
     */
    static Set<String> exportedMetrics() {
        Set<String> names = new TreeSet<>();
        for (String suffix : List.of("count", "sum", "max", "bucket")) {
            names.add("http_server_requests_seconds_" + suffix);
        }
        for (QuarkusService service : Repo.services()) {
            for (Path file : files(service.dir().resolve("src/main/java"), ".java")) {
                Matcher m = METER.matcher(Repo.read(file));
                while (m.find()) {
                    String base = m.group(2).replace('.', '_').replace('-', '_');
                    switch (m.group(1)) {
                        case "Counter" -> names.add(base + "_total");
                        case "Gauge" -> names.add(base);
                        case "Timer", "LongTaskTimer" ->
                            List.of("count", "sum", "max", "bucket").forEach(s -> names.add(base + "_seconds_" + s));
                        default -> List.of("count", "sum", "max", "bucket").forEach(s -> names.add(base + "_" + s));
                    }
                }
            }
        }
        assertThat(names).as("metrics declared by the services").anyMatch(n -> n.startsWith("tiffin_"));
        return names;
    }

    /** Provisioned Grafana datasources: uid → url. */
    static Map<String, String> datasourceUids() {
        Map<String, String> uids = new TreeMap<>();
        for (Path file : yamlFiles(DATASOURCES)) {
            Repo.yaml(file).path("datasources").forEach(ds -> uids.put(Repo.text(ds, "uid"), Repo.text(ds, "url")));
        }
        assertThat(uids).as("provisioned datasources").isNotEmpty();
        return uids;
    }

    static List<Path> yamlFiles(Path dir) {
        List<Path> found = new ArrayList<>(files(dir, ".yml"));
        found.addAll(files(dir, ".yaml"));
        return found;
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
