package dev.tiffin.contracts.importer;

import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/** What a conversion found: violations (the document is refused) and warnings (it is accepted). */
final class Problems {

    private final List<Violation> violations = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    void add(String path, String code, String message) {
        violations.add(Violation.of(path, code, message));
    }

    void warn(String path, String message) {
        warnings.add(path.isEmpty() ? message : path + ": " + message);
    }

    List<String> warnings() {
        return warnings;
    }

    void throwIfAny() {
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
    }
}
