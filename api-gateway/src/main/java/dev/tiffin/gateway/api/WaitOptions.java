package dev.tiffin.gateway.api;

import dev.tiffin.gateway.domain.WaitMode;
import java.time.Duration;

/** {@code ?wait=} and {@code ?timeout=} of a write. */
public record WaitOptions(WaitMode mode, Duration timeout) {

    public static WaitOptions parse(String wait, String timeout) {
        WaitMode mode = WaitMode.parse(wait)
                .orElseThrow(() -> ProblemException.badRequest(
                        "wait", "invalid_value", "wait must be one of none, accepted, ready"));
        Duration t = WaitMode.parseTimeout(timeout)
                .orElseThrow(() -> ProblemException.badRequest(
                        "timeout",
                        "invalid_value",
                        "timeout must be a positive number of seconds (or 90s, 5m, 1h) of at most "
                                + WaitMode.MAX_TIMEOUT.toSeconds()));
        return new WaitOptions(mode, t);
    }
}
