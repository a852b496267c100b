package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.deploychecks.prometheus.PromExpressions;
import dev.tiffin.deploychecks.prometheus.PromQl;
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
 * deploy/ and docs/metrics.md: the Prometheus configuration scrapes every service where it listens and loads the alert
 * rules; the Grafana provisioning fits docker-compose.yml; dashboards and alerts read only metrics the catalogue lists,
 * and the catalogue lists every meter the services declare. (That the series really exist: {@link
 * RealPrometheusTest}; the rules' behaviour: {@link PromtoolTest}.)
 */
class ObservabilityTest {

    static final Path PROMETHEUS = Repo.path("deploy/prometheus/prometheus.yml");
    static final Path DATASOURCES = Repo.path("deploy/grafana/provisioning/datasources");
    static final Path DASHBOARD_PROVIDERS = Repo.path("deploy/grafana/provisioning/dashboards");
    static final Path DASHBOARDS = Repo.path("deploy/grafana/dashboards");
    static final Path ALERTS = Repo.path("deploy/prometheus/alerts.yml");
    static final Path ALERT_TESTS = Repo.path("deploy/prometheus/tests");

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
                    .as("%s targets (its compose network host and quarkus.http.port)", service.name())
                    .containsExactly(ComposeTest.networkHost(service.name()) + ":" + service.httpPort());
        }
    }

    @Test
    void prometheusScrapesTheLocalClustersPodMetrics() {
        JsonNode config = Repo.yaml(PROMETHEUS);
        Map<String, JsonNode> jobs = new TreeMap<>();
        config.path("scrape_configs").forEach(job -> jobs.put(Repo.text(job, "job_name"), job));
        JsonNode job = jobs.get(ComposeTest.LOCAL_CLUSTER);
        assertThat(job).as("a scrape job named local-cluster").isNotNull();
        // the path MetricsEndpoint serves
        assertThat(Repo.read(Repo.path("local-cluster/src/main/java/dev/tiffin/localcluster/MetricsEndpoint.java")))
                .contains("createContext(\"" + Repo.text(job, "metrics_path") + "\"");
        List<String> targets = new ArrayList<>();
        job.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets)
                .containsExactly(ComposeTest.LOCAL_CLUSTER + ":"
                        + ComposeTest.localClusterOptions().get("--metrics-port"));
        // the DCGM series' namespace and pod labels are the pods', as the autoscaler's GPU query expects: no target
        // label may take their place
        job.path("static_configs")
                .forEach(sc -> assertThat(sc.path("labels").has("namespace")
                                || sc.path("labels").has("pod"))
                        .as("local-cluster target labels leave namespace and pod to the series")
                        .isFalse());
        assertThat(job.has("relabel_configs") || job.has("metric_relabel_configs"))
                .as("local-cluster series are kept as exported")
                .isFalse();
    }

    @Test
    void prometheusSendsAlertsToTheComposeAlertmanager() {
        JsonNode config = Repo.yaml(PROMETHEUS);
        List<String> targets = new ArrayList<>();
        config.path("alerting")
                .path("alertmanagers")
                .forEach(am -> am.path("static_configs")
                        .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText()))));
        JsonNode alertmanager = ComposeTest.SERVICES.path("alertmanager");
        assertThat(alertmanager.isObject())
                .as("docker-compose.yml has an alertmanager")
                .isTrue();
        assertThat(ComposeTest.ports(alertmanager)).anyMatch(p -> ComposeTest.containerPort(p) == 9093);
        assertThat(alertmanager.path("command").toString())
                .as("the alertmanager listens on its default port")
                .doesNotContain("--web.listen-address");
        assertThat(targets).as("prometheus.yml alerting targets").containsExactly("alertmanager:9093");
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
    void prometheusLoadsTheAlertRulesWhereComposeMountsThem() {
        JsonNode config = Repo.yaml(PROMETHEUS);
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(r -> ruleFiles.add(r.asText()));
        assertThat(ruleFiles).as("prometheus.yml rule_files").containsExactly("alerts.yml");
        Map<String, String> mounts = new TreeMap<>();
        ComposeTest.SERVICES.path("prometheus").path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            if (parts.length >= 2) {
                mounts.put(parts[0], parts[1]);
            }
        });
        assertThat(mounts)
                .as("compose mounts prometheus.yml and the rules side by side")
                .containsEntry("./deploy/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml")
                .containsEntry("./deploy/prometheus/alerts.yml", "/etc/prometheus/alerts.yml");
    }

    @Test
    void dashboardsAreUniqueAndUseProvisionedDatasources() {
        Set<String> datasources = datasourceUids().keySet();
        List<Path> dashboards = files(DASHBOARDS, ".json");
        assertThat(dashboards).as("dashboards in deploy/grafana/dashboards").hasSizeGreaterThanOrEqualTo(2);
        Set<String> uids = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = Repo.json(file);
            String name = file.getFileName().toString();
            assertThat(Repo.text(dashboard, "uid")).as("%s uid", name).isNotBlank();
            assertThat(uids.add(Repo.text(dashboard, "uid")))
                    .as("%s uid is unique", name)
                    .isTrue();
            assertThat(Repo.text(dashboard, "title")).as("%s title", name).isNotBlank();
            checkDatasources(dashboard, datasources, name);
            assertThat(PromExpressions.dashboard(file)).as("%s queries", name).isNotEmpty();
        }
    }

    @Test
    void theDeploymentDashboardHasTheTemplateVariablesAndDecisionAnnotations() {
        Path file = DASHBOARDS.resolve("tiffin-deployment.json");
        JsonNode dashboard = Repo.json(file);
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(Repo.text(v, "name")));
        assertThat(variables).as("template variables").containsSubsequence("cluster", "namespace", "deployment");
        dashboard.path("templating").path("list").forEach(v -> {
            if (List.of("cluster", "namespace", "deployment").contains(Repo.text(v, "name"))) {
                assertThat(v.path("query").path("query").asText())
                        .as(
                                "variable %s lists every deployment: the autoscaler's, the traffic-service's and the"
                                        + " rollout-service's",
                                Repo.text(v, "name"))
                        .contains("tiffin_autoscaler_", "tiffin_traffic_", "tiffin_rollout_");
            }
        });
        List<String> annotations = new ArrayList<>();
        dashboard
                .path("annotations")
                .path("list")
                .forEach(a -> annotations.add(a.path("expr").asText()));
        assertThat(annotations)
                .as("annotations: the autoscaler's decisions and the rollout steps")
                .anyMatch(a -> a.contains("tiffin_autoscaler_decisions_total"))
                .anyMatch(a -> a.contains("tiffin_rollout_steps_total"));
        for (PromExpressions.Expression e : PromExpressions.dashboard(file)) {
            if (e.origin().contains("panel") && e.source().contains("tiffin_traffic_")) {
                assertThat(e.source())
                        .as("%s is filtered by the selected deployment", e.origin())
                        .contains("deployment=~\"$deployment\"");
            }
        }
    }

    @Test
    void dashboardsAndAlertsReadOnlyCataloguedMetrics() {
        Map<String, MetricCatalogue.Entry> catalogue = MetricCatalogue.seriesIndex();
        List<PromExpressions.Expression> expressions = new ArrayList<>(PromExpressions.dashboards(DASHBOARDS));
        expressions.addAll(PromExpressions.rules(ALERTS));
        List<String> problems = new ArrayList<>();
        for (PromExpressions.Expression e : expressions) {
            if (e.promql().isBlank()) {
                continue;
            }
            Set<PromQl.MetricRef> refs = PromQl.metrics(e.promql());
            if (refs.isEmpty()) {
                problems.add(e + " reads no metric");
            }
            for (PromQl.MetricRef ref : refs) {
                if (catalogue.keySet().stream().noneMatch(ref::matches)) {
                    problems.add(e.origin() + " reads " + ref + ", which docs/metrics.md does not list");
                }
            }
        }
        assertThat(problems).as("metrics the dashboards and alerts read").isEmpty();
    }

    @Test
    void theCatalogueListsEveryMeterTheServicesDeclare() {
        Map<String, MetricCatalogue.Entry> catalogue = MetricCatalogue.seriesIndex();
        List<MetricCatalogue.Meter> meters = MetricCatalogue.declaredMeters();
        assertThat(meters).as("meters declared by the services").isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (MetricCatalogue.Meter meter : meters) {
            String series = meter.series().get(0);
            MetricCatalogue.Entry entry = catalogue.get(series);
            if (meter.type().equals("Unknown")) {
                entry = catalogue.get(series) != null
                        ? catalogue.get(series)
                        : catalogue.get(series + "_total") != null
                                ? catalogue.get(series + "_total")
                                : catalogue.get(series + "_seconds_count");
            }
            if (entry == null) {
                problems.add(meter.service() + " declares " + series + " (" + meter.type() + " in "
                        + Repo.ROOT.relativize(meter.file()) + "), which docs/metrics.md does not list");
                continue;
            }
            if (!entry.section().equals(meter.service())) {
                problems.add(
                        series + " is listed under " + entry.section() + ", but " + meter.service() + " declares it");
            }
            String expectedType = switch (meter.type()) {
                case "Counter", "FunctionCounter" -> "counter";
                case "Gauge", "TimeGauge" -> "gauge";
                case "Timer", "LongTaskTimer", "FunctionTimer" -> "timer";
                default -> "summary";
            };
            if (!meter.type().equals("Unknown") && !entry.type().startsWith(expectedType)) {
                problems.add(series + " is a " + meter.type() + " in the code but a " + entry.type()
                        + " in docs/metrics.md");
            }
        }
        assertThat(problems).as("docs/metrics.md against the code").isEmpty();
    }

    @Test
    void everyServiceRegistersMetersOnlyInItsMetricsClass() {
        List<MetricCatalogue.Registration> registrations = MetricCatalogue.registrations();
        for (QuarkusService service : Repo.services()) {
            assertThat(registrations)
                    .as("%s registers its meters in %s", service.name(), MetricCatalogue.metricsClass(service.name()))
                    .anyMatch(r -> r.service().equals(service.name()));
        }
        List<String> elsewhere = registrations.stream()
                .filter(r ->
                        !r.file().getFileName().toString().equals(MetricCatalogue.metricsClass(r.service()) + ".java"))
                .map(MetricCatalogue.Registration::toString)
                .toList();
        assertThat(elsewhere)
                .as("meters registered outside the service's *Metrics class (declare them there, docs/metrics.md)")
                .isEmpty();
    }

    @Test
    void theRegistrationScanSeesEveryWayOfRegisteringAMeter() {
        String code = String.join(
                "\n",
                "class X {",
                "  void a() { registry.counter(\"x.y\", \"topic\", t).increment(); }",
                "  void b() { Gauge.builder(NAME, v, AtomicLong::get).register(registry); }",
                "  void c() { Timer",
                "      .builder(\"x.t\").register(meterRegistry); }",
                "  void d() { Metrics.counter(\"x.z\").increment(); }",
                "  void e() { this.registry().gauge(\"x.g\", list, List::size); }",
                "  void f() { metrics.deadLettered(topic); registryName.length(); }",
                "}",
                "class Y implements MeterBinder {}");

        assertThat(MetricCatalogue.registrationLines(code)).containsExactly(2, 3, 4, 6, 7, 10);
    }

    @Test
    void everyTiffinMetricIsNamedAfterItsService() {
        List<String> problems = new ArrayList<>();
        for (MetricCatalogue.Meter meter : MetricCatalogue.everyDeclaredMeter()) {
            String prefix = MetricCatalogue.prefix(meter.service());
            if (!meter.name().startsWith(prefix)) {
                problems.add(meter.service() + " declares " + meter.name() + " in "
                        + Repo.ROOT.relativize(meter.file()) + ": not named " + prefix + "<thing>"
                        + (meter.name().startsWith("?") ? " (or not a literal or constant name)" : ""));
            }
        }
        Set<String> services = new TreeSet<>();
        Repo.services().forEach(s -> services.add(s.name()));
        for (MetricCatalogue.Entry entry : MetricCatalogue.entries()) {
            if (services.contains(entry.section())
                    && !entry.name().startsWith(MetricCatalogue.prefix(entry.section()))) {
                problems.add("docs/metrics.md lists " + entry.name() + " under " + entry.section() + ": not named "
                        + MetricCatalogue.prefix(entry.section()) + "<thing>");
            }
        }
        assertThat(problems).as("metric names").isEmpty();
    }

    @Test
    void everyLabelIsBounded() {
        List<String> problems = new ArrayList<>();
        for (MetricCatalogue.Entry entry : MetricCatalogue.entries()) {
            for (String label : MetricCatalogue.labels(entry)) {
                if (!MetricCatalogue.BOUNDED_LABELS.contains(label)) {
                    problems.add(entry.name() + " has label " + label);
                }
            }
        }
        for (QuarkusService service : Repo.services()) {
            Path file = metricsClassFile(service);
            Matcher tag = Pattern.compile("\\.tag\\(\\s*\"([^\"]+)\"").matcher(Repo.read(file));
            while (tag.find()) {
                if (!MetricCatalogue.BOUNDED_LABELS.contains(tag.group(1))) {
                    problems.add(Repo.ROOT.relativize(file) + " tags a meter with " + tag.group(1));
                }
            }
        }
        assertThat(problems)
                .as("labels outside the bounded allow-list (MetricCatalogue.BOUNDED_LABELS, docs/metrics.md)")
                .isEmpty();
    }

    private static Path metricsClassFile(QuarkusService service) {
        String name = MetricCatalogue.metricsClass(service.name()) + ".java";
        List<Path> found = files(service.dir().resolve("src/main/java"), "/" + name);
        assertThat(found).as("%s has one %s", service.name(), name).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyExportedTiffinMetricOfTheCatalogueIsInTheCode() {
        Set<String> declared = MetricCatalogue.declaredSeries();
        List<String> stale = new ArrayList<>();
        List<String> landed = new ArrayList<>();
        for (MetricCatalogue.Entry entry : MetricCatalogue.entries()) {
            assertThat(MetricCatalogue.STATUSES)
                    .as("status of %s in docs/metrics.md", entry.name())
                    .contains(entry.status());
            if (!entry.name().startsWith("tiffin_")) {
                continue;
            }
            boolean inCode = declared.containsAll(entry.series());
            if (entry.status().equals("exported") && !inCode) {
                stale.add(entry.name() + " (" + entry.section() + ")");
            }
            if (entry.status().equals("planned") && inCode) {
                landed.add(entry.name());
            }
        }
        if (!landed.isEmpty()) {
            System.out.println(
                    "[metrics] planned metrics now in the code (mark them exported in docs/metrics.md): " + landed);
        }
        assertThat(stale)
                .as("metrics docs/metrics.md says are exported but no service declares")
                .isEmpty();
    }

    @Test
    void everyAlertHasUnitTestsAndARunbook() {
        List<JsonNode> rules = new ArrayList<>();
        Repo.yaml(ALERTS)
                .path("groups")
                .forEach(g -> g.path("rules").forEach(r -> {
                    if (r.has("alert")) {
                        rules.add(r);
                    }
                }));
        List<String> alerts = rules.stream().map(r -> r.path("alert").asText()).toList();
        assertThat(alerts)
                .as("alert rules")
                .contains(
                        "TiffinRolloutFailed",
                        "TiffinDeploymentUnhealthy",
                        "TiffinQueueSaturated",
                        "TiffinDeadLetters",
                        "TiffinDeadLettersWaiting",
                        "TiffinKafkaConsumerLag",
                        "TiffinComponentPinnedAtMaxReplicas",
                        "TiffinServiceDown")
                .doesNotHaveDuplicates();
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Path test : yamlFiles(ALERT_TESTS)) {
            Repo.yaml(test)
                    .path("tests")
                    .forEach(t -> t.path("alert_rule_test")
                            .forEach(a ->
                                    (a.path("exp_alerts").size() > 0 ? firing : quiet).add(Repo.text(a, "alertname"))));
        }
        String operations = Repo.read(Repo.path("docs/operations.md"));
        for (JsonNode rule : rules) {
            String alert = rule.path("alert").asText();
            assertThat(firing).as("a promtool test where %s fires", alert).contains(alert);
            assertThat(quiet)
                    .as("a promtool test where %s does not fire", alert)
                    .contains(alert);
            assertThat(operations)
                    .as("docs/operations.md has a runbook section for %s", alert)
                    .contains("### " + alert + "\n");
            assertThat(rule.path("annotations").path("runbook").asText())
                    .as("runbook of %s", alert)
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase());
            assertThat(rule.path("labels").path("severity").asText())
                    .as("severity of %s", alert)
                    .isIn("critical", "warning");
        }
    }

    /** Datasource uids a dashboard names must be provisioned. */
    private static void checkDatasources(JsonNode node, Set<String> datasources, String name) {
        if (node.isObject()) {
            JsonNode ds = node.path("datasource");
            if (ds.isObject()
                    && ds.has("uid")
                    && !"grafana".equals(ds.path("type").asText())
                    && !ds.path("uid").asText().startsWith("$")) {
                assertThat(datasources)
                        .as(
                                "%s: datasource uid %s is provisioned",
                                name, ds.path("uid").asText())
                        .contains(ds.path("uid").asText());
            }
            node.fields().forEachRemaining(e -> checkDatasources(e.getValue(), datasources, name));
        } else if (node.isArray()) {
            node.forEach(n -> checkDatasources(n, datasources, name));
        }
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
