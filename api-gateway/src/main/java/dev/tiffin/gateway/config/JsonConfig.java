package dev.tiffin.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiffin.contracts.json.TiffinJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Quarkus's ObjectMapper speaks Tiffin's JSON: snake_case, nulls omitted, ISO times, strict reading. */
@Singleton
public class JsonConfig implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        TiffinJson.configure(mapper);
    }
}
