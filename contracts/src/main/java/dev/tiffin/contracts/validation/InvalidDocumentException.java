package dev.tiffin.contracts.validation;

import java.util.List;
import java.util.stream.Collectors;

/** A document that cannot be read or is not valid: every violation found, each with its path. */
public class InvalidDocumentException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidDocumentException(List<Violation> violations) {
        super(violations.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidDocumentException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }
}
