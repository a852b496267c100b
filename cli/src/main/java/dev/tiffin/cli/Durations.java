package dev.tiffin.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line: {@code 90} (seconds), {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, {@code 2w}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([smhdw]?)");

    private Durations() {}

    public static long seconds(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "invalid duration '" + text + "' (expected e.g. 90, 90s, 15m, 12h, 30d, 2w)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("duration too large: " + text);
        }
        long unit = switch (m.group(2)) {
            case "", "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86_400;
            case "w" -> 604_800;
            default -> throw new IllegalArgumentException("invalid duration unit in " + text);
        };
        if (n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("duration too large: " + text);
        }
        return n * unit;
    }
}
