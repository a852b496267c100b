package dev.tiffin.cli;

/** The {@code -o} formats. */
public enum OutputFormat {
    table,
    json,
    yaml
}
