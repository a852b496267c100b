package dev.tiffin.contracts.importer;

import static dev.tiffin.contracts.validation.ViolationCodes.DUPLICATE;
import static dev.tiffin.contracts.validation.ViolationCodes.REQUIRED;
import static dev.tiffin.contracts.validation.ViolationCodes.UNSUPPORTED;

import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.contracts.spec.MetricTarget;
import dev.tiffin.contracts.spec.ScalingRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversions both BentoML formats share. */
final class Shared {

    private static final Set<String> LABEL_FIELDS = Set.of("key", "value");

    private Shared() {}

    /** {@code [{key, value}]} → {@code {key: value}}. */
    static Map<String, String> labels(Obj parent, String field) {
        if (!parent.has(field)) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Obj item : parent.objects(field)) {
            item.allow(LABEL_FIELDS);
            String key = item.text("key");
            String value = item.text("value");
            if (key == null) {
                parent.problems().add(item.path("key"), REQUIRED, "a label needs a key");
            } else if (labels.put(key, value == null ? "" : value) != null) {
                parent.problems().add(item.path("key"), DUPLICATE, "label " + key + " is given more than once");
            }
        }
        return labels;
    }

    /** {@code [{<nameField>, value}]} → envs; v1 names the field {@code key}, v2 {@code name}. */
    static List<EnvVar> envs(Obj parent, String field, String nameField) {
        if (!parent.has(field)) {
            return null;
        }
        List<EnvVar> envs = new ArrayList<>();
        for (Obj item : parent.objects(field)) {
            item.allow(Set.of(nameField, "value"));
            envs.add(EnvVar.plain(item.text(nameField), item.text("value")));
        }
        return envs;
    }

    /** Refuses a Bento given as a local project path: Tiffin deploys registered Bentos only. */
    static boolean isPath(String bento) {
        return bento.startsWith(".") || bento.startsWith("/") || bento.startsWith("~") || bento.contains("/");
    }

    static void refusePath(Problems problems, String path, String bento) {
        problems.add(
                path,
                UNSUPPORTED,
                "'" + bento + "' is a local project path; build and push the Bento, then give repository:version");
    }

    /**
     * A number of seconds as Jackson would read it back from JSON (Integer, Long or Double), so that a converted spec
     * equals its own JSON round trip.
     */
    static Object seconds(java.math.BigDecimal seconds) {
        java.math.BigDecimal s = seconds.stripTrailingZeros();
        if (s.scale() <= 0) {
            return s.toBigIntegerExact().bitLength() < 32 ? (Object) s.intValueExact() : (Object) s.longValueExact();
        }
        return s.doubleValue();
    }

    static void metric(List<MetricTarget> metrics, String type, Double value) {
        if (value != null) {
            metrics.add(new MetricTarget(type, value));
        }
    }

    /** {@code [{type, value}]} with values as numbers or numeric strings. */
    static void metrics(Obj policy, List<MetricTarget> out) {
        for (Obj m : policy.objects("metrics")) {
            m.allow(Set.of("type", "value"));
            out.add(new MetricTarget(m.text("type"), m.number("value")));
        }
    }

    /** A behaviour preset and an optional explicit stabilization window. */
    static ScalingRules rules(String behavior, Integer window) {
        if (behavior == null && window == null) {
            return null;
        }
        return new ScalingRules(behavior, window, null, null);
    }
}
