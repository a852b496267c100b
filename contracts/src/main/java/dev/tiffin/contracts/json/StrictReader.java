package dev.tiffin.contracts.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds a JSON tree (or text) to a record and reports what is wrong with paths: <em>every</em> unknown field at once
 * (they are collected, not thrown at the first one), and then the first type error Jackson meets.
 */
public final class StrictReader {

    private StrictReader() {}

    public static JsonNode parseTree(String text, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InvalidDocumentException(Violation.of("", "empty", "the document is empty"));
            }
            return node;
        } catch (JsonParseException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidDocumentException(
                    Violation.of("", "malformed", "malformed document" + where + ": " + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(
                    Violation.of("", "malformed", "malformed document: " + e.getOriginalMessage()));
        }
    }

    public static <T> T bind(JsonNode tree, Class<T> type) {
        return bind(tree, type, "");
    }

    /** Binds {@code tree}; paths in violations are prefixed with {@code prefix} (e.g. {@code spec}). */
    public static <T> T bind(JsonNode tree, Class<T> type, String prefix) {
        List<Violation> unknown = new ArrayList<>();
        // an ObjectReader shares the mapper's deserializer cache: binding stays cheap (a copied mapper would rebuild
        // every record deserializer on each call)
        ObjectReader reader = TiffinJson.mapper().readerFor(type).withHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(
                    DeserializationContext ctxt,
                    JsonParser p,
                    JsonDeserializer<?> deserializer,
                    Object beanOrClass,
                    String propertyName)
                    throws IOException {
                String parent = Paths.of(p.getParsingContext().getParent(), prefix);
                String path = parent.isEmpty() ? propertyName : parent + "." + propertyName;
                unknown.add(Violation.of(path, "unknown_field", "unknown field '" + propertyName + "'"));
                p.skipChildren();
                return true;
            }
        });
        T value;
        try {
            value = reader.readValue(tree);
        } catch (UnrecognizedPropertyException e) {
            unknown.add(
                    Violation.of(Paths.of(e, prefix), "unknown_field", "unknown field '" + e.getPropertyName() + "'"));
            throw new InvalidDocumentException(unknown);
        } catch (InvalidFormatException e) {
            unknown.add(Violation.of(Paths.of(e, prefix), "wrong_type", describe(e)));
            throw new InvalidDocumentException(unknown);
        } catch (MismatchedInputException e) {
            unknown.add(Violation.of(Paths.of(e, prefix), "wrong_type", describe(e)));
            throw new InvalidDocumentException(unknown);
        } catch (JsonMappingException e) {
            unknown.add(Violation.of(Paths.of(e, prefix), "invalid", e.getOriginalMessage()));
            throw new InvalidDocumentException(unknown);
        } catch (JsonProcessingException e) {
            unknown.add(Violation.of(prefix, "malformed", e.getOriginalMessage()));
            throw new InvalidDocumentException(unknown);
        } catch (IOException e) {
            unknown.add(Violation.of(prefix, "malformed", e.getMessage()));
            throw new InvalidDocumentException(unknown);
        }
        if (!unknown.isEmpty()) {
            throw new InvalidDocumentException(unknown);
        }
        if (value == null) {
            throw new InvalidDocumentException(Violation.of(prefix, "required", "a JSON object is required"));
        }
        return value;
    }

    private static String describe(MismatchedInputException e) {
        String target = e.getTargetType() == null ? "value" : friendly(e.getTargetType());
        return "expected " + target;
    }

    private static String friendly(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }
}
