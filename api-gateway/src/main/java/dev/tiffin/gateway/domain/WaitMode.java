package dev.tiffin.gateway.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a write waits: {@code none} (202 at once), {@code accepted} (the deployment-service's verdict, default) or
 * {@code ready} (the rollout's outcome), bounded by a timeout (default 300 s, at most 3600 s).
 */
public enum WaitMode {
    NONE,
    ACCEPTED,
    READY;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(3600);

    public static Optional<WaitMode> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(ACCEPTED);
        }
        return switch (text.trim()) {
            case "none" -> Optional.of(NONE);
            case "accepted" -> Optional.of(ACCEPTED);
            case "ready" -> Optional.of(READY);
            default -> Optional.empty();
        };
    }

    /**
     * The timeout of {@code ?timeout=}: seconds, or a duration like {@code 90s}, {@code 5m}, {@code 1h}; empty when
     * malformed, non-positive or above {@link #MAX_TIMEOUT}.
     */
    public static Optional<Duration> parseTimeout(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of(DEFAULT_TIMEOUT);
        }
        String t = text.trim();
        long factor = 1;
        char unit = t.charAt(t.length() - 1);
        if (unit == 's' || unit == 'm' || unit == 'h') {
            factor = unit == 's' ? 1 : unit == 'm' ? 60 : 3600;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long seconds = Long.parseLong(t) * factor;
            if (seconds <= 0 || seconds > MAX_TIMEOUT.toSeconds()) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
