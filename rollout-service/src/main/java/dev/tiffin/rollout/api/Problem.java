package dev.tiffin.rollout.api;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/** An RFC 9457 problem body, with what is wrong with the request in {@code errors} (path, code, message). */
public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
