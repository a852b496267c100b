package dev.tiffin.contracts.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tiffin.contracts.Specs;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.SpecDefaults;
import dev.tiffin.contracts.spec.TimeoutValue;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A sample value of any record of the contracts, with every field set, built by reflection (specs: a real one). */
final class Samples {

    private Samples() {}

    static Object of(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                return List.of(of(p.getActualTypeArguments()[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("key", of(p.getActualTypeArguments()[1]));
            }
            throw new IllegalArgumentException(type.toString());
        }
        Class<?> c = (Class<?>) type;
        if (c == DeploymentSpec.class) {
            return SpecDefaults.effective(Specs.yaml(Specs.sample("canonical-full.yaml")), "local", "default");
        }
        if (c == String.class || c == Object.class) {
            return "text";
        }
        if (c == int.class || c == Integer.class) {
            return 1;
        }
        if (c == long.class || c == Long.class) {
            return 1L;
        }
        if (c == double.class || c == Double.class) {
            return 1.5;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == Instant.class) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        if (c == TimeoutValue.class) {
            return TimeoutValue.of("90s");
        }
        if (JsonNode.class.isAssignableFrom(c)) {
            return JsonNodeFactory.instance.objectNode().put("a", 1);
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isRecord()) {
            RecordComponent[] components = c.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                args[i] = of(components[i].getGenericType());
                types[i] = components[i].getType();
            }
            try {
                return c.getDeclaredConstructor(types).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(c.toString());
    }
}
