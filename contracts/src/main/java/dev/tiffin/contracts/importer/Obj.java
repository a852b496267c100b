package dev.tiffin.contracts.importer;

import static dev.tiffin.contracts.validation.ViolationCodes.UNKNOWN_FIELD;
import static dev.tiffin.contracts.validation.ViolationCodes.UNSUPPORTED;
import static dev.tiffin.contracts.validation.ViolationCodes.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object of an imported document with its path: typed field reads that report wrong types and unknown fields
 * to {@link Problems} instead of failing at the first one. JSON {@code null} counts as absent.
 */
final class Obj {

    private static final com.fasterxml.jackson.databind.ObjectMapper PLAIN =
            com.fasterxml.jackson.databind.json.JsonMapper.builder().build();

    private final JsonNode node;
    private final String path;
    private final Problems problems;

    Obj(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    Problems problems() {
        return problems;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    JsonNode raw(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** Reports every field not in {@code known} as unknown. */
    void allow(Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(path(name), UNKNOWN_FIELD, "unknown field '" + name + "'");
            }
        }
    }

    String text(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(path(field), WRONG_TYPE, "expected a string");
            return null;
        }
        return v.asText();
    }

    /** A string, or a number written as its text (quantities such as {@code 0.5} or {@code 2}). */
    String textOrNumber(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problems.add(path(field), WRONG_TYPE, "expected a string or a number");
            return null;
        }
        return v.asText();
    }

    Integer integer(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path(field), WRONG_TYPE, "expected an integer");
            return null;
        }
        return v.intValue();
    }

    /** A number, or a string holding one (BentoML types metric values loosely). */
    Double number(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                return Double.valueOf(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(path(field), WRONG_TYPE, "expected a number");
        return null;
    }

    Boolean bool(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(path(field), WRONG_TYPE, "expected true or false");
            return null;
        }
        return v.booleanValue();
    }

    Obj obj(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            problems.add(path(field), WRONG_TYPE, "expected an object");
            return null;
        }
        return new Obj(v, path(field), problems);
    }

    /** The objects of a list field, each with its indexed path; absent → empty. */
    List<Obj> objects(String field) {
        JsonNode v = raw(field);
        List<Obj> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problems.add(path(field), WRONG_TYPE, "expected a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String at = path(field) + "[" + i + "]";
            if (v.get(i).isObject()) {
                out.add(new Obj(v.get(i), at, problems));
            } else {
                problems.add(at, WRONG_TYPE, "expected an object");
            }
        }
        return out;
    }

    /** The object-valued entries of a map field, each with its path; absent → empty. */
    Map<String, Obj> entries(String field) {
        Map<String, Obj> out = new LinkedHashMap<>();
        Obj map = obj(field);
        if (map == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = map.path(e.getKey());
            if (e.getValue().isObject()) {
                out.put(e.getKey(), new Obj(e.getValue(), at, problems));
            } else if (e.getValue().isNull()) {
                out.put(
                        e.getKey(),
                        new Obj(
                                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                                at,
                                problems));
            } else {
                problems.add(at, WRONG_TYPE, "expected an object");
            }
        }
        return out;
    }

    /** The entries of a map of quantities (strings or numbers). */
    Map<String, String> quantities(String field) {
        Map<String, String> out = new LinkedHashMap<>();
        Obj map = obj(field);
        if (map == null) {
            return null;
        }
        for (Iterator<String> names = map.node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String value = map.textOrNumber(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** Fails a setting that Tiffin cannot honour when it is set to anything but its neutral value. */
    void unsupportedUnlessNeutral(String field, String why) {
        JsonNode v = raw(field);
        boolean neutral = v == null
                || (v.isBoolean() && !v.booleanValue())
                || (v.isTextual() && v.asText().isEmpty())
                || ((v.isObject() || v.isArray()) && v.isEmpty());
        if (!neutral) {
            problems.add(path(field), UNSUPPORTED, why);
        }
    }

    /** The field's sub-tree as plain Java values (maps, lists, scalars), for pass-through settings. */
    Object plain(String field) {
        return PLAIN.convertValue(raw(field), Object.class);
    }
}
