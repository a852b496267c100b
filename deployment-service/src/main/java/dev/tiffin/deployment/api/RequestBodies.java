package dev.tiffin.deployment.api;

import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import dev.tiffin.service.ProblemException;
import java.util.List;

/** Reads a JSON request body strictly (unknown fields and wrong types are 400 problems with paths). */
final class RequestBodies {

    private RequestBodies() {}

    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw new InvalidDocumentException(Violation.of("", ViolationCodes.REQUIRED, "a JSON body is required"));
        }
        return StrictReader.bind(StrictReader.parseTree(body, TiffinJson.mapper()), type);
    }

    static void check(String what, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw ProblemException.badRequest(what + " is not valid", violations);
        }
    }
}
