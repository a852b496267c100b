package dev.tiffin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading a deployment's event stream: one line per event for {@code tiffin deployment events}, the live progress
 * line of {@code --wait}, and whether an event ends a rollout.
 */
public final class DeploymentEvents {

    public static final String STATUS_CHANGED = "dev.tiffin.deployment.status_changed.v1";
    public static final String STEP_COMPLETED = "dev.tiffin.rollout.step_completed.v1";
    public static final String ROLLOUT_COMPLETED = "dev.tiffin.rollout.completed.v1";
    public static final String ROLLOUT_FAILED = "dev.tiffin.rollout.failed.v1";
    public static final String REPLICAS_CHANGED = "dev.tiffin.rollout.replicas_changed.v1";
    public static final String SCALING_DECIDED = "dev.tiffin.autoscaling.scaling_decided.v1";

    /** The API server's name in events; the runners have their own names. */
    public static final String API_SERVER = "api-server";

    /** The order components are shown in: the API server first, then the runners by name. */
    public static final Comparator<String> COMPONENT_ORDER =
            Comparator.comparing((String name) -> !name.equals(API_SERVER)).thenComparing(Comparator.naturalOrder());

    /** Statuses in which a deployment's rollout is over and it serves. */
    public static final Set<String> READY_STATUSES = Set.of("running", "scaled-to-zero");

    /** How an event ends a wait. */
    public enum Outcome {
        READY,
        FAILED
    }

    private DeploymentEvents() {}

    /** The CloudEvent an SSE event carries (its data), or null when the data is not a JSON object. */
    public static JsonNode cloudEvent(SseEvent e) {
        JsonNode node = Json.parse(e.data());
        return node != null && node.isObject() ? node : null;
    }

    /** The CloudEvent type: the envelope's {@code type}, else the SSE event name. */
    public static String type(SseEvent e, JsonNode ce) {
        String t = Json.text(ce, "type");
        return t.isEmpty() ? e.event() : t;
    }

    /** {@code dev.tiffin.rollout.step_completed.v1} → {@code rollout.step_completed}. */
    public static String shortType(String type) {
        String t = type.startsWith("dev.tiffin.") ? type.substring("dev.tiffin.".length()) : type;
        return t.replaceFirst("\\.v\\d+$", "");
    }

    /** One line for an event: time, short type, what happened. */
    public static String line(SseEvent e) {
        JsonNode ce = cloudEvent(e);
        if (ce == null) {
            return e.event() + "  " + e.data();
        }
        String type = type(e, ce);
        String time = Json.text(ce, "time");
        return (time.isEmpty() ? "" : time + "  ") + String.format("%-25s", shortType(type)) + "  "
                + summary(type, ce.get("data"));
    }

    static String summary(String type, JsonNode d) {
        if (d == null || d.isNull()) {
            return "";
        }
        switch (type) {
            case STATUS_CHANGED -> {
                StringBuilder sb = new StringBuilder();
                String from = Json.text(d, "from");
                sb.append(from.isEmpty() ? "(new)" : from).append(" -> ").append(Json.text(d, "to"));
                appendReason(sb, d);
                return sb.toString();
            }
            case STEP_COMPLETED -> {
                return Json.text(d, "component") + " step " + Json.text(d, "step") + ": new "
                        + Json.text(d, "new_ready") + "/" + Json.text(d, "new_desired") + " ready, old "
                        + Json.text(d, "old_ready") + "/" + Json.text(d, "old_desired") + " ready, available "
                        + Json.text(d, "available");
            }
            case ROLLOUT_COMPLETED -> {
                return "revision " + Json.text(d, "revision");
            }
            case SCALING_DECIDED -> {
                StringBuilder sb = new StringBuilder(Json.text(d, "component") + " " + Json.text(d, "current_replicas")
                        + " -> " + Json.text(d, "desired_replicas") + " replicas");
                String limitedBy = Json.text(d, "limited_by");
                if (!limitedBy.isEmpty() && !"none".equals(limitedBy)) {
                    sb.append(" (limited by ").append(limitedBy).append(')');
                }
                String reason = Json.text(d, "reason");
                if (!reason.isEmpty()) {
                    sb.append(": ").append(reason);
                }
                return sb.toString();
            }
            case REPLICAS_CHANGED -> {
                return Json.text(d, "component") + " revision " + Json.text(d, "revision") + ": "
                        + Json.text(d, "ready") + "/" + Json.text(d, "desired") + " ready, available "
                        + Json.text(d, "available");
            }
            case ROLLOUT_FAILED -> {
                StringBuilder sb = new StringBuilder("revision " + Json.text(d, "revision"));
                appendReason(sb, d);
                return sb.toString();
            }
            default -> {
                String compact = d.toString();
                return compact.length() > 240 ? compact.substring(0, 240) + "..." : compact;
            }
        }
    }

    private static void appendReason(StringBuilder sb, JsonNode d) {
        String reason = Json.text(d, "reason");
        String message = Json.text(d, "message");
        if (!reason.isEmpty()) {
            sb.append(" (").append(reason).append(')');
        }
        if (!message.isEmpty()) {
            sb.append(": ").append(message);
        }
    }

    /**
     * Whether an event ends a rollout of revision {@code revision} or later (0: any): READY when the rollout
     * completed or the status became running/scaled-to-zero, FAILED when it failed; null otherwise.
     */
    public static Outcome outcome(SseEvent e, int revision) {
        JsonNode ce = cloudEvent(e);
        if (ce == null) {
            return null;
        }
        JsonNode d = ce.path("data");
        String type = type(e, ce);
        switch (type) {
            case ROLLOUT_COMPLETED -> {
                return d.path("revision").asInt(0) >= revision ? Outcome.READY : null;
            }
            case ROLLOUT_FAILED -> {
                return d.path("revision").asInt(0) >= revision ? Outcome.FAILED : null;
            }
            case STATUS_CHANGED -> {
                String to = Json.text(d, "to");
                if ("failed".equals(to)) {
                    return Outcome.FAILED;
                }
                boolean current = !d.hasNonNull("active_revision")
                        || d.get("active_revision").asInt() >= revision;
                return READY_STATUSES.contains(to) && current ? Outcome.READY : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** The live progress line: the status, then each component's latest rollout step. */
    public static final class Progress {

        private record Step(int step, int ready, int desired) {}

        private String status = "deploying";
        private final Map<String, Step> steps = new LinkedHashMap<>();

        /** Takes an event; returns true when the line changed. */
        public boolean accept(SseEvent e) {
            JsonNode ce = cloudEvent(e);
            if (ce == null) {
                return false;
            }
            JsonNode d = ce.path("data");
            switch (type(e, ce)) {
                case STATUS_CHANGED -> {
                    String to = Json.text(d, "to");
                    if (to.isEmpty() || to.equals(status)) {
                        return false;
                    }
                    status = to;
                    return true;
                }
                case STEP_COMPLETED -> {
                    String component = Json.text(d, "component");
                    if (component.isEmpty()) {
                        return false;
                    }
                    steps.put(
                            component,
                            new Step(
                                    d.path("step").asInt(),
                                    d.path("new_ready").asInt(),
                                    d.path("new_desired").asInt()));
                    return true;
                }
                case REPLICAS_CHANGED -> {
                    // the counts after the last step (the rollout's completion reports them per component)
                    String component = Json.text(d, "component");
                    if (component.isEmpty()) {
                        return false;
                    }
                    Step before = steps.get(component);
                    Step after = new Step(
                            before == null ? 0 : before.step(),
                            d.path("ready").asInt(),
                            d.path("desired").asInt());
                    if (after.equals(before)) {
                        return false;
                    }
                    steps.put(component, after);
                    return true;
                }
                case ROLLOUT_FAILED -> {
                    status = "failed";
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        public String line() {
            List<String> parts = new ArrayList<>();
            List<String> names = new ArrayList<>(steps.keySet());
            names.sort(COMPONENT_ORDER);
            for (String name : names) {
                Step s = steps.get(name);
                parts.add(name + " " + s.ready() + "/" + s.desired() + " ready"
                        + (s.step() > 0 ? " (step " + s.step() + ")" : ""));
            }
            return parts.isEmpty() ? status : status + "  " + String.join(", ", parts);
        }
    }
}
