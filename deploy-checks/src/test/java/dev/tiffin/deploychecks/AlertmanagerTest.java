package dev.tiffin.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/alertmanager/alertmanager.yml, the compose Alertmanager's configuration: mounted where the container reads
 * it, no credentials in it, valid for {@code amtool check-config}, and every alert of deploy/prometheus/alerts.yml
 * routed to a receiver that notifies somewhere ({@code amtool config routes test}). amtool comes with Debian's
 * prometheus-alertmanager package (bin/test-env installs it); without it the amtool checks are skipped, saying so.
 */
class AlertmanagerTest {

    static final Path CONFIG = Repo.path("deploy/alertmanager/alertmanager.yml");

    /** Fields that hold a credential; Alertmanager has a {@code *_file} variant of each, which is what may be used. */
    private static final Pattern CREDENTIAL =
            Pattern.compile("(?i).*(password|secret|token|api_key|routing_key|service_key|credentials|api_url)$");

    @Test
    void composeMountsTheConfigurationWhereTheAlertmanagerReadsIt() {
        JsonNode alertmanager = ComposeTest.SERVICES.path("alertmanager");
        String configFile = null;
        for (JsonNode arg : alertmanager.path("command")) {
            if (arg.asText().startsWith("--config.file=")) {
                configFile = arg.asText().substring("--config.file=".length());
            }
        }
        assertThat(configFile).as("the alertmanager's --config.file").isNotNull();
        assertThat(alertmanager.path("volumes").toString())
                .contains("./" + Repo.ROOT.relativize(CONFIG) + ":" + configFile + ":ro");
    }

    @Test
    void theConfigurationHoldsNoCredentials() {
        List<String> found = new ArrayList<>();
        walk(Repo.yaml(CONFIG), "", found);
        assertThat(found)
                .as("credentials in %s (use the *_file fields)", Repo.ROOT.relativize(CONFIG))
                .isEmpty();
        assertThat(Repo.read(CONFIG)).as("no user:password@ in a URL").doesNotContainPattern("://[^/\\s@]+:[^/\\s@]+@");
    }

    @Test
    void everyRouteNamesADefinedReceiver() {
        JsonNode config = Repo.yaml(CONFIG);
        Map<String, JsonNode> receivers = receivers(config);
        List<String> named = new ArrayList<>();
        collectReceivers(config.path("route"), named);
        assertThat(Repo.text(config.path("route"), "receiver"))
                .as("the default route's receiver")
                .isNotBlank();
        assertThat(named).as("receivers the routes name").allMatch(receivers::containsKey);
    }

    @Test
    void amtoolAcceptsTheConfiguration() {
        CommandLineTool.Result r = amtool("check-config", CONFIG.toString());
        assertThat(r.exit()).as("amtool check-config:\n%s", r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertReachesAReceiverThatNotifies() {
        Map<String, JsonNode> receivers = receivers(Repo.yaml(CONFIG));
        Map<String, Map<String, String>> alerts = new TreeMap<>();
        Repo.yaml(ObservabilityTest.ALERTS)
                .path("groups")
                .forEach(g -> g.path("rules").forEach(rule -> {
                    if (rule.has("alert")) {
                        Map<String, String> labels = new TreeMap<>();
                        rule.path("labels")
                                .fields()
                                .forEachRemaining(
                                        l -> labels.put(l.getKey(), l.getValue().asText()));
                        alerts.put(rule.path("alert").asText(), labels);
                    }
                }));
        assertThat(alerts).as("alerts in deploy/prometheus/alerts.yml").isNotEmpty();
        alerts.forEach((alert, labels) -> {
            List<String> args = new ArrayList<>(
                    List.of("config", "routes", "test", "--config.file=" + CONFIG, "alertname=" + alert));
            labels.forEach((k, v) -> args.add(k + "=" + v));
            CommandLineTool.Result r = amtool(args.toArray(String[]::new));
            assertThat(r.exit())
                    .as("amtool config routes test for %s:\n%s", alert, r.output())
                    .isZero();
            String routed = r.output()
                    .lines()
                    .filter(l -> !l.startsWith("Warning:") && !l.isBlank())
                    .reduce((a, b) -> b)
                    .orElse("")
                    .trim();
            assertThat(routed).as("the receivers of %s", alert).isNotEmpty();
            for (String receiver : routed.split(",")) {
                JsonNode config = receivers.get(receiver.trim());
                assertThat(config)
                        .as("%s goes to receiver %s, which is defined", alert, receiver)
                        .isNotNull();
                boolean notifies = false;
                for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    notifies |= field.endsWith("_configs") && config.path(field).size() > 0;
                }
                assertThat(notifies)
                        .as("receiver %s (of %s) notifies somewhere", receiver, alert)
                        .isTrue();
            }
        });
    }

    private static Map<String, JsonNode> receivers(JsonNode config) {
        Map<String, JsonNode> receivers = new TreeMap<>();
        config.path("receivers").forEach(r -> receivers.put(Repo.text(r, "name"), r));
        return receivers;
    }

    private static void collectReceivers(JsonNode route, List<String> into) {
        if (route.has("receiver")) {
            into.add(route.path("receiver").asText());
        }
        route.path("routes").forEach(r -> collectReceivers(r, into));
    }

    private static void walk(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (CREDENTIAL.matcher(e.getKey()).matches()
                        && e.getValue().isValueNode()
                        && !e.getValue().asText().isBlank()) {
                    found.add(p);
                }
                walk(e.getValue(), p, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /** Runs amtool; skips the test (with the reason) when it is not installed. */
    static CommandLineTool.Result amtool(String... args) {
        return CommandLineTool.run(
                "amtool",
                60,
                e -> Assumptions.abort("amtool is not on the PATH, so deploy/alertmanager/alertmanager.yml was not"
                        + " checked with it: run bin/test-env (it installs Debian's prometheus-alertmanager, which"
                        + " brings amtool)"),
                args);
    }
}
