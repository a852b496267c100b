package dev.tiffin.contracts.spec;

import java.util.Arrays;

/** The scaling presets of the product description, each an HPA v2 behaviour (DESIGN.md §3). */
public enum Behavior {
    FAST("fast"),
    STABLE("stable"),
    DISABLED("disabled");

    private final String wire;

    Behavior(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static boolean isValid(String text) {
        return Arrays.stream(values()).anyMatch(v -> v.wire.equals(text));
    }

    public static Behavior parse(String text) {
        return Arrays.stream(values())
                .filter(v -> v.wire.equals(text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown behavior " + text));
    }
}
