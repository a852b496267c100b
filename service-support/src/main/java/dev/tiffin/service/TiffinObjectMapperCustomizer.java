package dev.tiffin.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tiffin.contracts.json.TiffinJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST JSON is Tiffin's JSON: snake_case, nulls omitted, ISO-8601 times. */
@Singleton
public class TiffinObjectMapperCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        TiffinJson.configure(mapper);
    }
}
