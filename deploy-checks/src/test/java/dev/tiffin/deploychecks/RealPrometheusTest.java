package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.deploychecks.prometheus.PromExpressions;
import dev.tiffin.deploychecks.prometheus.PromExpressions.Expression;
import dev.tiffin.deploychecks.prometheus.PromExpressions.Kind;
import dev.tiffin.deploychecks.prometheus.PrometheusServer;
import dev.tiffin.deploychecks.prometheus.PrometheusServer.Target;
import dev.tiffin.deploychecks.prometheus.QueryChecker;
import dev.tiffin.deploychecks.prometheus.QueryChecker.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of the dashboards and alert rules, evaluated by a real Prometheus (the Debian package).
 *
 * <p>Prometheus scrapes itself, plus the targets of {@code -Dtiffin.prometheus.targets=job=host:port[/path],...}
 * (e2e-tests give it the running services). Every expression must parse and evaluate; every dashboard query whose
 * metrics the scraped targets export must return data; the alert rules must evaluate without error inside Prometheus.
 * Expressions on metrics that nothing scraped exports are listed as "not yet scraped" — a failure with
 * {@code -Dtiffin.prometheus.strict=true}, for a run against the whole stack with traffic flowing.
 */
class RealPrometheusTest {

    private static PrometheusServer prometheus;
    private static Report report;
    private static List<String> failingRules;

    @BeforeAll
    static void evaluateEverything() {
        List<Target> targets = Target.parse(System.getProperty("tiffin.prometheus.targets", ""));
        prometheus = PrometheusServer.start(targets, List.of(ObservabilityTest.ALERTS));
        List<String> jobs = new ArrayList<>(List.of("prometheus"));
        targets.forEach(t -> jobs.add(t.job()));
        List<String> down = prometheus.awaitScrapes(jobs, 3, Duration.ofSeconds(60));
        assertThat(down).as("scrape targets that are down").isEmpty();
        failingRules = prometheus.awaitRuleEvaluations(Duration.ofSeconds(30));

        List<Expression> expressions = new ArrayList<>(PromExpressions.dashboards(ObservabilityTest.DASHBOARDS));
        expressions.addAll(PromExpressions.rules(ObservabilityTest.ALERTS));
        report = new QueryChecker(prometheus).check(expressions);
        System.out.println("[real prometheus] " + report.outcomes().size() + " expressions; with data or exported: "
                + report.withData().size() + "; not yet scraped: "
                + report.notScraped().size()
                + report.describe(report.notScraped()));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void everyDashboardAndAlertExpressionParsesAndEvaluates() {
        assertThat(report.outcomes())
                .as("expressions checked")
                .anyMatch(o -> o.expression().kind() == Kind.DASHBOARD)
                .anyMatch(o -> o.expression().kind() == Kind.ALERT);
        assertThat(report.notParsed())
                .as("expressions Prometheus refuses:%s", report.describe(report.notParsed()))
                .isEmpty();
    }

    @Test
    void theAlertRulesEvaluateInsidePrometheus() {
        assertThat(failingRules).as("alert rules whose evaluation fails").isEmpty();
    }

    @Test
    void everyDashboardQueryOnExportedMetricsReturnsData() {
        assertThat(report.withoutData())
                .as(
                        "dashboard queries that return nothing although their metrics are scraped:%s",
                        report.describe(report.withoutData()))
                .isEmpty();
        // the data path is really exercised: at least the panels on Prometheus' own series (up) answer
        assertThat(report.withData())
                .as("dashboard queries answered with data")
                .anyMatch(o -> o.expression().kind() == Kind.DASHBOARD && o.series() > 0);
    }

    @Test
    void inStrictModeEveryMetricIsScraped() {
        if (Boolean.getBoolean("tiffin.prometheus.strict")) {
            assertThat(report.notScraped())
                    .as("expressions on metrics no scraped target exports:%s", report.describe(report.notScraped()))
                    .isEmpty();
        } else {
            // not scraped here, but known: every such metric is one docs/metrics.md lists (planned or exported)
            var catalogue = MetricCatalogue.seriesIndex().keySet();
            assertThat(report.notScraped())
                    .as("not-yet-scraped expressions read only catalogued metrics")
                    .allSatisfy(o -> assertThat(o.missing())
                            .allMatch(ref -> catalogue.stream().anyMatch(ref::matches), "listed in docs/metrics.md"));
        }
    }
}
