package dev.tiffin.deployment.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tiffin.contracts.json.TiffinJson;
import java.io.UncheckedIOException;

/**
 * JSON in text columns, in Tiffin's JSON form (snake_case). Reading is lenient towards unknown fields, so that a row
 * written by a newer version stays readable.
 */
public final class JsonColumns {

    private static final ObjectMapper MAPPER = TiffinJson.configure(
                    JsonMapper.builder().build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JsonColumns() {}

    public static String write(Object value) {
        return TiffinJson.write(value);
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return json == null ? null : MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
