package dev.tiffin.gateway.api;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/** An RFC 9457 problem detail, {@code application/problem+json}; {@code errors} lists what is wrong, with paths. */
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://tiffin.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public Problem withErrors(List<Violation> errors) {
        return new Problem(type, title, status, detail, instance, errors == null || errors.isEmpty() ? null : errors);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }
}
