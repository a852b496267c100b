package dev.tiffin.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API token secrets: {@code tfn_} + base64url of 256 random bits (the prefix lets leaked tokens be found by scanners),
 * stored only as their SHA-256 (hex) and compared in constant time.
 */
public final class TokenSecrets {

    public static final String PREFIX = "tfn_";
    private static final int SECRET_BYTES = 32;

    private TokenSecrets() {}

    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token text, lower-case hex. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code presented} hashes to {@code storedHashHex}, compared in constant time. */
    public static boolean matches(String storedHashHex, String presented) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHashHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(stored, sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }

    /** The token of an {@code Authorization} header value ({@code Bearer <token>}), if it has that form. */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
