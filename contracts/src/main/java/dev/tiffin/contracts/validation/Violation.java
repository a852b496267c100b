package dev.tiffin.contracts.validation;

/**
 * One thing wrong with a submitted document: where ({@code path}, e.g. {@code api_server.autoscaling.min_replicas} or
 * {@code envs[1].name}; empty for the document itself), a stable machine-readable {@code code}, and a sentence.
 */
public record Violation(String path, String code, String message) {

    public static Violation of(String path, String code, String message) {
        return new Violation(path, code, message);
    }
}
