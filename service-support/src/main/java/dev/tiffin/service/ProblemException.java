package dev.tiffin.service;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;

/** An error answer of the API: its status, a title and detail, and the violations; becomes a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Violation> errors;

    public ProblemException(int status, String title, String detail, List<Violation> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, List.of());
    }

    public static ProblemException badRequest(String detail, List<Violation> errors) {
        return new ProblemException(400, "Bad Request", detail, errors);
    }

    public static ProblemException badRequest(Violation violation) {
        return badRequest(violation.message(), List.of(violation));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, List.of());
    }

    public Problem toProblem() {
        return new Problem("about:blank", title, status, getMessage(), errors.isEmpty() ? null : errors);
    }

    public int status() {
        return status;
    }
}
