package dev.tiffin.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test documents under {@code specs/}, with their {@code NAME} placeholder replaced. */
final class Specs {

    private Specs() {}

    static String load(String file, String name) {
        try (InputStream in = Specs.class.getResourceAsStream("/specs/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test document specs/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAME", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
