package dev.tiffin.contracts.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code "500m"}, {@code "2"}, {@code "0.5"}, {@code "512Mi"}, {@code "1G"},
 * {@code "1e3"}) as an exact decimal number of base units (cores, bytes, devices), so that quantities written with
 * different suffixes compare correctly: {@code "1Gi" > "1G"}, {@code "1000m" == "1"}.
 */
public record Quantity(String text, BigDecimal amount) implements Comparable<Quantity> {

    private static final Pattern SYNTAX =
            Pattern.compile("^([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d+)?$");

    public static Optional<Quantity> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(m.group(1));
        String suffix = m.group(2);
        return Optional.of(new Quantity(text, suffix == null ? number : scale(number, suffix)));
    }

    public static Quantity parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a Kubernetes quantity: " + text));
    }

    @JsonIgnore
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    @JsonIgnore
    public boolean isZero() {
        return amount.signum() == 0;
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    private static BigDecimal scale(BigDecimal number, String suffix) {
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return number.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        }
        return switch (suffix) {
            case "n" -> number.scaleByPowerOfTen(-9);
            case "u" -> number.scaleByPowerOfTen(-6);
            case "m" -> number.scaleByPowerOfTen(-3);
            case "k" -> number.scaleByPowerOfTen(3);
            case "M" -> number.scaleByPowerOfTen(6);
            case "G" -> number.scaleByPowerOfTen(9);
            case "T" -> number.scaleByPowerOfTen(12);
            case "P" -> number.scaleByPowerOfTen(15);
            case "E" -> number.scaleByPowerOfTen(18);
            default -> number.multiply(BigDecimal.valueOf(2).pow(binaryExponent(suffix)));
        };
    }

    private static int binaryExponent(String suffix) {
        return switch (suffix) {
            case "Ki" -> 10;
            case "Mi" -> 20;
            case "Gi" -> 30;
            case "Ti" -> 40;
            case "Pi" -> 50;
            default -> 60;
        };
    }
}
