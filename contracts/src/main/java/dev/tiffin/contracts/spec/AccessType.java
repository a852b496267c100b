package dev.tiffin.contracts.spec;

import java.util.Arrays;

/** Endpoint access: protected (a token with endpoints:invoke) or public (open). */
public enum AccessType {
    PROTECTED("protected"),
    PUBLIC("public");

    private final String wire;

    AccessType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static boolean isValid(String text) {
        return Arrays.stream(values()).anyMatch(v -> v.wire.equals(text));
    }

    public static AccessType parse(String text) {
        return Arrays.stream(values())
                .filter(v -> v.wire.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("access_type must be protected or public"));
    }
}
