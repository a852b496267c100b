package dev.tiffin.deploychecks.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every PromQL expression of Grafana dashboards (JSON) and Prometheus rule files (YAML), with where it comes from. */
public final class PromExpressions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    private PromExpressions() {}

    /** Where an expression comes from, and the expression as it is written. */
    public enum Kind {
        /** A dashboard panel or template variable: should return data when its metrics are exported. */
        DASHBOARD,
        /** A dashboard annotation: marks events (a failed rollout), so empty while none happened; its metrics must exist. */
        ANNOTATION,
        /** An alerting rule: empty while nothing is wrong; its metrics must exist. */
        ALERT,
        /** A recording rule. */
        RECORD
    }

    /**
     * One expression: {@code origin} names it for a person ({@code tiffin-overview.json: panel "Outbox backlog"}),
     * {@code source} is the text as written, {@code promql} what to send to Prometheus (Grafana variables replaced);
     * {@code promql} is empty for a Grafana query that names no metric.
     */
    public record Expression(Kind kind, String origin, String source, String promql) {

        @Override
        public String toString() {
            return origin + ": " + source;
        }
    }

    /** The expressions of every {@code *.json} dashboard under {@code dir}. */
    public static List<Expression> dashboards(Path dir) {
        List<Expression> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                found.addAll(dashboard(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** The expressions of one dashboard: panel targets (nested rows too), annotations and template variables. */
    public static List<Expression> dashboard(Path file) {
        JsonNode dashboard;
        try {
            dashboard = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid JSON", e);
        }
        String name = file.getFileName().toString();
        List<Expression> found = new ArrayList<>();
        panels(dashboard.path("panels"), name, found);
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.path("expr").isTextual()) {
                String source = annotation.path("expr").asText();
                found.add(new Expression(
                        Kind.ANNOTATION,
                        name + ": annotation \"" + annotation.path("name").asText() + "\"",
                        source,
                        PromQl.fromGrafana(source)));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text =
                    query.isTextual() ? query.asText() : query.path("query").asText();
            if (!text.isBlank()) {
                add(found, name + ": variable $" + variable.path("name").asText(), text);
            }
        }
        return found;
    }

    private static void panels(JsonNode panels, String name, List<Expression> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").isTextual()
                        && !target.path("expr").asText().isBlank()) {
                    add(
                            found,
                            name + ": panel \"" + panel.path("title").asText() + "\" "
                                    + target.path("refId").asText(),
                            target.path("expr").asText());
                }
            }
            panels(panel.path("panels"), name, found);
        }
    }

    private static void add(List<Expression> found, String origin, String source) {
        found.add(new Expression(Kind.DASHBOARD, origin, source, PromQl.fromGrafana(source)));
    }

    /** The expressions of a Prometheus rule file ({@code groups[].rules[].expr}); also a PrometheusRule's spec. */
    public static List<Expression> rules(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not valid YAML", e);
        }
        return rules(root, file.getFileName().toString());
    }

    public static List<Expression> rules(JsonNode root, String name) {
        List<Expression> found = new ArrayList<>();
        JsonNode groups = root.has("spec") ? root.path("spec").path("groups") : root.path("groups");
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                if (rule.has("alert")) {
                    found.add(new Expression(
                            Kind.ALERT, name + ": alert " + rule.path("alert").asText(), expr, expr.trim()));
                } else {
                    found.add(new Expression(
                            Kind.RECORD,
                            name + ": record " + rule.path("record").asText(),
                            expr,
                            expr.trim()));
                }
            }
        }
        return found;
    }
}
