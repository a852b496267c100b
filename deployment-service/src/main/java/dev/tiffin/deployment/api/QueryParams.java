package dev.tiffin.deployment.api;

import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import dev.tiffin.service.ProblemException;

/** Query and path parameters parsed by hand, so that a bad value is a 400 problem naming it (never a 404 or 500). */
final class QueryParams {

    private QueryParams() {}

    static int intParam(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(
                    Violation.of(name, ViolationCodes.WRONG_TYPE, name + " must be an integer, not '" + value + "'"));
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.badRequest(
                    Violation.of(name, ViolationCodes.OUT_OF_RANGE, name + " must be between " + min + " and " + max));
        }
        return parsed;
    }
}
