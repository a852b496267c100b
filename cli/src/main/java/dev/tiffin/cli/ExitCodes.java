package dev.tiffin.cli;

/** The exit codes of {@code tiffin}: stable, documented in cli/README.md, for scripts to rely on. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int UNEXPECTED = 1;
    public static final int USAGE = 2;
    public static final int INVALID = 3;
    public static final int NOT_FOUND = 4;
    public static final int CONFLICT = 5;
    public static final int AUTH = 6;
    public static final int TIMEOUT = 7;
    public static final int ROLLOUT_FAILED = 8;
    public static final int UNAVAILABLE = 9;

    private ExitCodes() {}

    /** The exit code of an HTTP error answer. */
    public static int forStatus(int status) {
        return switch (status) {
            case 400, 422 -> INVALID;
            case 404, 410 -> NOT_FOUND;
            case 409, 412 -> CONFLICT;
            case 401, 403 -> AUTH;
            case 504 -> TIMEOUT;
            case 502, 503 -> UNAVAILABLE;
            default -> status >= 200 && status < 300 ? OK : UNEXPECTED;
        };
    }
}
