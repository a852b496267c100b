package dev.tiffin.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.deploychecks.prometheus.PromExpressions;
import dev.tiffin.deploychecks.prometheus.PromExpressions.Expression;
import dev.tiffin.deploychecks.prometheus.QueryChecker;
import dev.tiffin.deploychecks.prometheus.QueryChecker.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's check in strict mode, against the whole running system. It runs after every other test class but the
 * two that restart services: the scenarios have sent traffic through the traffic-service, scaled, rolled out and
 * restarted deployments. A refused API call, a failed rollout and unreadable messages are made here (a service an
 * earlier test restarted counts them from nothing). Then the stack's real Prometheus
 * (scraping every service and the cluster's metrics) evaluates every PromQL expression of the shipped dashboards and
 * alert rules. Each must parse, read only metrics some service really exports, and — for dashboard panels — return
 * data; the alert rules must evaluate inside Prometheus without error.
 */
@Order(Integer.MAX_VALUE - 2)
class ObservabilityEndToEndTest {

    static TiffinStack stack;
    static Report report;

    @BeforeAll
    static void evaluateEverything() throws Exception {
        stack = TiffinStack.get();
        // the rare events the panels and alerts count, made here so that the check does not depend on which service
        // an earlier test restarted: a refused API call, a failed rollout, an unreadable message
        stack.api(null).get("/v1/deployments").then().statusCode(401);
        String broken = Scenarios.unique("obs-broken");
        stack.api()
                .body(Specs.load("iris.json", broken)
                        .replace("\"iris-classifier:v1\"", "\"iris-classifier:broken\"")
                        .replace(
                                "\"team\": \"ml\"",
                                "\"team\": \"ml\", \"tiffin.dev/progress-deadline-seconds\": \"5\""))
                .post("/v1/deployments")
                .then()
                .statusCode(201);
        PoisonMessageEndToEndTest.sendUnreadable(stack, Scenarios.key(Scenarios.unique("obs-poison")));
        for (String metric : List.of(
                "tiffin_gateway_auth_failures_total",
                "tiffin_rollout_failures_total",
                // the failed deployment, named by the deployment-service's gauge of unhealthy and failed deployments
                "tiffin_deployment_unhealthy_deployment",
                "{__name__=~\"tiffin_.+_messages_dead_lettered_total\"}")) {
            // exported now by a running process (a series of a restarted one is stale), and scraped twice, so that
            // increase() and rate() over it have two points
            Awaitility.await(metric + " scraped")
                    .atMost(Duration.ofSeconds(90))
                    .until(() -> stack.prometheus.query(metric).seriesCount() > 0
                            && stack.prometheus
                                            .query("count_over_time(" + metric + "[1m]) >= 2")
                                            .seriesCount()
                                    > 0);
        }
        List<String> down = stack.prometheus.awaitScrapes(
                List.of(
                        "api-gateway",
                        "deployment-service",
                        "rollout-service",
                        "autoscaler-service",
                        "traffic-service",
                        "local-cluster"),
                3,
                Duration.ofSeconds(90));
        assertThat(down).as("scrape targets that are down").isEmpty();
        Path deploy = stack.repoRoot.resolve("deploy");
        List<Expression> expressions =
                new ArrayList<>(PromExpressions.dashboards(deploy.resolve("grafana/dashboards")));
        expressions.addAll(PromExpressions.rules(deploy.resolve("prometheus/alerts.yml")));
        report = new QueryChecker(stack.prometheus).check(expressions);
        System.out.println("[observability] " + report.outcomes().size() + " expressions; with data: "
                + report.withData().size() + report.describe(report.outcomes()));
    }

    @Test
    void everyExpressionParses() {
        assertThat(report.notParsed())
                .as("expressions Prometheus refuses:%s", report.describe(report.notParsed()))
                .isEmpty();
    }

    @Test
    void everyMetricTheDashboardsAndAlertsReadIsExportedByARunningService() {
        assertThat(report.notScraped())
                .as("expressions on metrics no running service exports:%s", report.describe(report.notScraped()))
                .isEmpty();
    }

    @Test
    void everyDashboardPanelReturnsData() {
        assertThat(report.withoutData())
                .as("dashboard queries without data:%s", report.describe(report.withoutData()))
                .isEmpty();
    }

    @Test
    void theAlertRulesEvaluateInsidePrometheus() {
        assertThat(stack.prometheus.awaitRuleEvaluations(Duration.ofSeconds(60)))
                .as("alert rules whose evaluation fails")
                .isEmpty();
    }
}
