package dev.tiffin.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test fixtures: specs from YAML text, and the sample documents. */
public final class Specs {

    private Specs() {}

    public static DeploymentSpec yaml(String text) {
        try {
            return StrictReader.bind(TiffinJson.yaml().readTree(text), DeploymentSpec.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid document whose api_server is {@code apiServer} (YAML flow style). */
    public static DeploymentSpec withApiServer(String apiServer) {
        return yaml("{name: demo, bento: 'iris-classifier:v1', api_server: " + apiServer + "}");
    }

    public static String sample(String name) {
        try (InputStream in = Specs.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
