package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** How the CLI shows the API's documents: tables for people, the server's own JSON (pretty) or YAML for tools. */
public final class Render {

    private Render() {}

    /** The answer in the requested format, with {@code table} drawn by {@code table}. */
    public static String format(OutputFormat format, String body, Function<JsonNode, String> table) {
        JsonNode node = Json.parse(body);
        if (node == null) {
            return body == null || body.isEmpty() ? "" : body.endsWith("\n") ? body : body + "\n";
        }
        return switch (format) {
            case json -> Json.pretty(node) + "\n";
            case yaml -> Json.yaml(node);
            case table -> table.apply(node);
        };
    }

    /** One deployment: its fields, then its components' replicas. */
    public static String deployment(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[] {"Name", Json.text(v, "name")});
        fields.add(new String[] {"Cluster", Json.text(v, "cluster")});
        fields.add(new String[] {"Namespace", Json.text(v, "namespace")});
        fields.add(new String[] {"Status", Json.text(v, "status")});
        if (!Json.text(v, "status_reason").isEmpty()) {
            fields.add(new String[] {"Reason", Json.text(v, "status_reason")});
        }
        if (!Json.text(v, "status_message").isEmpty()) {
            fields.add(new String[] {"Message", Json.text(v, "status_message")});
        }
        String active = Json.text(v, "active_revision");
        fields.add(new String[] {
            "Revision", Json.text(v, "revision") + (active.isEmpty() ? "" : " (active: " + active + ")")
        });
        fields.add(new String[] {"Bento", Json.text(v, "bento")});
        JsonNode spec = v.get("spec");
        if (spec != null && spec.isObject()) {
            if (!Json.text(spec, "access_type").isEmpty()) {
                fields.add(new String[] {"Access", Json.text(spec, "access_type")});
            }
            if (!Json.text(spec, "deployment_strategy").isEmpty()) {
                fields.add(new String[] {"Strategy", Json.text(spec, "deployment_strategy")});
            }
            String labels = labels(spec.get("labels"));
            if (!labels.isEmpty()) {
                fields.add(new String[] {"Labels", labels});
            }
        }
        fields.add(new String[] {"Created", Json.text(v, "created_at")});
        fields.add(new String[] {"Updated", Json.text(v, "updated_at")});
        int width = 0;
        for (String[] f : fields) {
            width = Math.max(width, f[0].length() + 1);
        }
        for (String[] f : fields) {
            String label = f[0] + ":";
            String value = f[1].isEmpty() ? "-" : f[1];
            sb.append(label)
                    .append(" ".repeat(width - label.length() + 2))
                    .append(value)
                    .append('\n');
        }
        JsonNode replicas = v.get("replicas");
        if (replicas != null && replicas.isObject() && replicas.size() > 0) {
            Table c = new Table("COMPONENT", "DESIRED", "READY", "AVAILABLE");
            for (String name : componentOrder(replicas)) {
                JsonNode r = replicas.get(name);
                c.row(name, Json.text(r, "desired"), Json.text(r, "ready"), Json.text(r, "available"));
            }
            sb.append('\n').append(c.render());
        }
        return sb.toString();
    }

    /** A page of deployments: one row each. */
    public static String deploymentList(JsonNode page) {
        Table t = new Table("NAME", "CLUSTER", "NAMESPACE", "STATUS", "REVISION", "BENTO", "READY", "UPDATED");
        for (JsonNode v : items(page)) {
            t.row(
                    Json.text(v, "name"),
                    Json.text(v, "cluster"),
                    Json.text(v, "namespace"),
                    Json.text(v, "status"),
                    Json.text(v, "revision"),
                    Json.text(v, "bento"),
                    ready(v.get("replicas")),
                    Json.text(v, "updated_at"));
        }
        return t.render();
    }

    /** "page 1 of 3, 120 deployments" when there is more than one page, else null. */
    public static String pageFooter(JsonNode page) {
        if (page == null || !page.has("total") || !page.has("page_size")) {
            return null;
        }
        long total = page.get("total").asLong();
        long size = Math.max(1, page.get("page_size").asLong());
        long pages = (total + size - 1) / size;
        long current = page.path("page").asLong(1);
        if (pages <= 1) {
            return null;
        }
        return "page " + current + " of " + pages + " (" + total + " in total; --page N for more)";
    }

    /**
     * A deployment's autoscaling (the autoscaler's view): per component the replicas and bounds and the latest metric
     * values against their targets, then the latest evaluation and the last decisions with their reasons.
     */
    public static String autoscaling(JsonNode v) {
        List<JsonNode> components = items(v.get("components"));
        components.sort(Comparator.comparing(c -> Json.text(c, "name"), DeploymentEvents.COMPONENT_ORDER));
        StringBuilder sb = new StringBuilder();
        sb.append("Revision: ").append(Json.text(v, "revision"));
        if (v.path("rolling_out").asBoolean(false)) {
            sb.append(" (rolling out: the autoscaler waits for the rollout to finish)");
        }
        sb.append("\n\n");
        Table t = new Table("COMPONENT", "CURRENT", "DESIRED", "READY", "MIN", "MAX", "METRICS (VALUE/TARGET)");
        for (JsonNode c : components) {
            t.row(
                    Json.text(c, "name"),
                    Json.text(c, "current_replicas"),
                    Json.text(c, "desired_replicas"),
                    Json.text(c, "ready_replicas"),
                    Json.text(c, "min_replicas"),
                    Json.text(c, "max_replicas"),
                    metrics(c.get("metrics")));
        }
        sb.append(t.render());
        Table evaluations =
                new Table("COMPONENT", "AT", "RECOMMENDED", "STABILIZED", "DESIRED", "LIMITED BY", "REASON");
        Table decisions = new Table("COMPONENT", "AT", "FROM", "TO", "LIMITED BY", "REASON");
        int decided = 0;
        for (JsonNode c : components) {
            JsonNode e = c.get("last_evaluation");
            if (e != null && e.isObject()) {
                evaluations.row(
                        Json.text(c, "name"),
                        Json.text(e, "at"),
                        Json.text(e, "recommended_replicas"),
                        Json.text(e, "stabilized_replicas"),
                        Json.text(e, "desired_replicas"),
                        Json.text(e, "limited_by"),
                        Json.text(e, "reason"));
            }
            for (JsonNode d : items(c.get("last_decisions"))) {
                decided++;
                decisions.row(
                        Json.text(c, "name"),
                        Json.text(d, "at"),
                        Json.text(d, "current_replicas"),
                        Json.text(d, "desired_replicas"),
                        Json.text(d, "limited_by"),
                        Json.text(d, "reason"));
            }
        }
        if (components.stream().anyMatch(c -> c.path("last_evaluation").isObject())) {
            sb.append("\nLatest evaluation:\n").append(evaluations.render());
        }
        sb.append("\nLast decisions (newest first):\n")
                .append(decided == 0 ? "none: the desired count has not changed\n" : decisions.render());
        return sb.toString();
    }

    /** "qps 38.2/10, cpu 41/80": each metric's latest value, over its target when the component scales on it. */
    private static String metrics(JsonNode metrics) {
        if (metrics == null || !metrics.isObject() || metrics.size() == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        metrics.fields().forEachRemaining(e -> {
            JsonNode m = e.getValue();
            String value = number(m.path("value").asDouble());
            JsonNode target = m.get("target");
            out.add(e.getKey() + " " + value
                    + (target == null || target.isNull() ? "" : "/" + number(target.asDouble())));
        });
        return String.join(", ", out);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.valueOf((long) d)
                : String.format(java.util.Locale.ROOT, "%.1f", d);
    }

    /** Revisions, newest first as the server answers them. */
    public static String revisions(JsonNode list) {
        Table t = new Table("REVISION", "STATE", "BENTO", "CAUSE", "REQUEST", "CREATED");
        for (JsonNode r : items(list)) {
            t.row(
                    Json.text(r, "revision"),
                    Json.text(r, "state"),
                    Json.text(r, "bento"),
                    Json.text(r, "cause"),
                    Json.text(r, "request_id"),
                    Json.text(r, "created_at"));
        }
        return t.render();
    }

    /** API tokens (never their secret, which the list does not have). */
    public static String tokens(JsonNode list) {
        Table t = new Table("ID", "NAME", "SCOPES", "DEPLOYMENTS", "EXPIRES");
        for (JsonNode tok : items(list)) {
            t.row(
                    Json.text(tok, "id"),
                    Json.text(tok, "name"),
                    join(tok.get("scopes")),
                    join(tok.get("deployments")),
                    Json.text(tok, "expires_at").isEmpty() ? "never" : Json.text(tok, "expires_at"));
        }
        return t.render();
    }

    /** A token just created, with its secret (shown once). */
    public static String createdToken(JsonNode tok) {
        StringBuilder sb = new StringBuilder();
        sb.append("ID:        ").append(Json.text(tok, "id")).append('\n');
        sb.append("Name:      ").append(Json.text(tok, "name")).append('\n');
        sb.append("Scopes:    ").append(join(tok.get("scopes"))).append('\n');
        if (tok.has("deployments")) {
            sb.append("Deploys:   ").append(join(tok.get("deployments"))).append('\n');
        }
        String expires = Json.text(tok, "expires_at");
        sb.append("Expires:   ").append(expires.isEmpty() ? "never" : expires).append('\n');
        sb.append("Token:     ").append(Json.text(tok, "token")).append('\n');
        return sb.toString();
    }

    /**
     * An RFC 9457 problem, readably: "Error: title (status)", the detail, then each {@code path: message}. A body that
     * is not a problem is shown as it is.
     */
    public static String problem(int status, String body) {
        JsonNode p = Json.parse(body);
        StringBuilder sb = new StringBuilder();
        if (p == null || !p.isObject()) {
            sb.append("Error: HTTP ").append(status);
            if (body != null && !body.isBlank()) {
                String b = body.strip();
                sb.append(": ").append(b.length() > 2000 ? b.substring(0, 2000) + "..." : b);
            }
            return sb.append('\n').toString();
        }
        String title = Json.text(p, "title");
        sb.append("Error: ").append(title.isEmpty() ? "HTTP " + status : title);
        if (!title.isEmpty()) {
            sb.append(" (")
                    .append(p.has("status") ? Json.text(p, "status") : String.valueOf(status))
                    .append(')');
        }
        sb.append('\n');
        String detail = Json.text(p, "detail");
        if (!detail.isEmpty()) {
            sb.append(detail).append('\n');
        }
        JsonNode errors = p.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                String path = Json.text(e, "path");
                String message = Json.text(e, "message");
                if (message.isEmpty()) {
                    message = Json.text(e, "code");
                }
                sb.append("  ")
                        .append(path.isEmpty() ? "" : path + ": ")
                        .append(message)
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** The items of a page ({@code {"items": [...]}}) or a plain array. */
    public static List<JsonNode> items(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode arr = node != null && node.isObject() ? node.get("items") : node;
        if (arr != null && arr.isArray()) {
            arr.forEach(out::add);
        }
        return out;
    }

    /** Ready over desired replicas, summed over the components ("3/4"), or "-" when unknown. */
    static String ready(JsonNode replicas) {
        if (replicas == null || !replicas.isObject() || replicas.size() == 0) {
            return "-";
        }
        long ready = 0;
        long desired = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = replicas.fields(); it.hasNext(); ) {
            JsonNode r = it.next().getValue();
            ready += r.path("ready").asLong();
            desired += r.path("desired").asLong();
        }
        return ready + "/" + desired;
    }

    private static List<String> componentOrder(JsonNode replicas) {
        List<String> names = new ArrayList<>();
        replicas.fieldNames().forEachRemaining(names::add);
        names.sort(DeploymentEvents.COMPONENT_ORDER);
        return names;
    }

    private static String labels(JsonNode labels) {
        if (labels == null || !labels.isObject()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        labels.fields()
                .forEachRemaining(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(",", out);
    }

    private static String join(JsonNode arr) {
        if (arr == null || !arr.isArray() || arr.size() == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }
}
