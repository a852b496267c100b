package dev.tiffin.contracts.spec;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Optional;
import java.util.regex.Pattern;

/** A Bento reference {@code repository:version}; version {@code latest} is resolved at submit time. */
public record BentoRef(String repository, String version) {

    public static final String LATEST = "latest";
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9]([a-z0-9._-]{0,61}[a-z0-9])?$");
    private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9._-]{0,126})$");

    public static Optional<BentoRef> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':') || colon == text.length() - 1) {
            return Optional.empty();
        }
        String repository = text.substring(0, colon);
        String version = text.substring(colon + 1);
        if (!REPOSITORY.matcher(repository).matches()
                || !VERSION.matcher(version).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BentoRef(repository, version));
    }

    public static BentoRef parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a bento reference: " + text));
    }

    @JsonIgnore
    public boolean isLatest() {
        return LATEST.equals(version);
    }

    @Override
    public String toString() {
        return repository + ":" + version;
    }
}
