package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool} (Debian's prometheus package, installed by bin/test-env) on deploy/prometheus: the configuration and
 * the rules are valid, and the rules' unit tests (deploy/prometheus/tests) pass.
 */
class PromtoolTest {

    @Test
    void theComposePrometheusConfigurationIsValid() {
        // also checks the rule files it loads (alerts.yml, relative to the configuration)
        CommandLineTool.Result r = promtool("check", "config", ObservabilityTest.PROMETHEUS.toString());
        assertThat(r.exit()).as("promtool check config:\n%s", r.output()).isZero();
        assertThat(r.output()).contains("alerts.yml");
    }

    @Test
    void theAlertRulesAreValid() {
        CommandLineTool.Result r = promtool("check", "rules", ObservabilityTest.ALERTS.toString());
        assertThat(r.exit()).as("promtool check rules:\n%s", r.output()).isZero();
    }

    @Test
    void theAlertRuleUnitTestsPass() {
        List<Path> tests = ObservabilityTest.yamlFiles(ObservabilityTest.ALERT_TESTS);
        assertThat(tests).as("promtool unit tests in deploy/prometheus/tests").isNotEmpty();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(t -> args.add(t.toString()));
        CommandLineTool.Result r = promtool(args.toArray(String[]::new));
        assertThat(r.exit()).as("promtool test rules:\n%s", r.output()).isZero();
        assertThat(r.output()).as("promtool test rules:\n%s", r.output()).doesNotContain("FAILED");
    }

    static CommandLineTool.Result promtool(String... args) {
        return CommandLineTool.run(
                "promtool",
                120,
                e -> {
                    throw new AssertionError(
                            "promtool is not on the PATH: run bin/test-env (it installs Debian's prometheus package,"
                                    + " which brings promtool)",
                            e);
                },
                args);
    }
}
