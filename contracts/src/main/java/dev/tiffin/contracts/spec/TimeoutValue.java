package dev.tiffin.contracts.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timeout as the user wrote it: a number of seconds ({@code 90}, {@code 1.5}) or a string with a unit
 * ({@code "90s"}, {@code "5m"}, {@code "1h"}). The original form is kept so that a downloaded spec is byte-for-byte
 * what was sent; {@link #duration()} gives the parsed value, empty when the text is not a valid timeout.
 */
public record TimeoutValue(@JsonValue Object raw) {

    private static final Pattern WITH_UNIT = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)?$");

    @JsonCreator
    public static TimeoutValue of(Object raw) {
        return new TimeoutValue(raw);
    }

    public static TimeoutValue seconds(long seconds) {
        return new TimeoutValue(seconds);
    }

    public Optional<Duration> duration() {
        if (raw instanceof Number n) {
            double s = n.doubleValue();
            return Double.isFinite(s) ? Optional.of(Duration.ofNanos((long) (s * 1_000_000_000L))) : Optional.empty();
        }
        if (raw instanceof String text) {
            Matcher m = WITH_UNIT.matcher(text.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "s" -> amount * 1000;
                case "m" -> amount * 60_000;
                default -> amount * 3_600_000;
            };
            return Optional.of(Duration.ofNanos((long) (millis * 1_000_000)));
        }
        return Optional.empty();
    }
}
