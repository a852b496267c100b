package dev.tiffin.service;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/** An RFC 9457 problem body, with the violations of a bad document or query in {@code errors}. */
public record Problem(String type, String title, int status, String detail, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
