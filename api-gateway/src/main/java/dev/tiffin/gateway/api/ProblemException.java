package dev.tiffin.gateway.api;

import dev.tiffin.contracts.validation.Violation;
import java.util.List;
import java.util.Map;

/** Ends a request with a problem answer (and optional extra headers such as {@code Retry-After}). */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String detail, List<Violation> errors) {
        return new ProblemException(
                Problem.of(400, "invalid-request", "Invalid request", detail).withErrors(errors));
    }

    public static ProblemException badRequest(String path, String code, String message) {
        return badRequest(message, List.of(Violation.of(path, code, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(
                Problem.of(503, "unavailable", "Service unavailable", detail),
                Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
    }
}
