package dev.tiffin.contracts.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret env values so that they never travel or rest in clear (DESIGN.md §3): AES-256-GCM with a key shared by
 * the services that must read them (gateway seals, rollout-service unseals into a Kubernetes Secret). The sealed form
 * is {@code v1:<fingerprint>:<base64(iv || ciphertext+tag)>}; the env var's name is bound as associated data, so a
 * sealed value cannot be moved to another variable. The fingerprint is an HMAC-SHA-256 of name and value under a key
 * derived from the sealing key: services without the key (the deployment-service) can tell whether a secret changed by
 * comparing {@link #fingerprint(String)}s, and learn nothing of the value.
 */
public final class SecretSealer {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecretKeySpec fingerprintKey;
    private final SecureRandom random = new SecureRandom();

    public SecretSealer(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the sealing key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.fingerprintKey = new SecretKeySpec(derive(key, "tiffin-secret-fingerprint"), "HmacSHA256");
    }

    public static SecretSealer fromBase64(String base64Key) {
        return new SecretSealer(Base64.getDecoder().decode(base64Key.trim()));
    }

    public String seal(String envName, String value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(envName.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return PREFIX + fingerprintOf(envName, value) + ":"
                    + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing failed", e);
        }
    }

    public String unseal(String envName, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed value");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(sealed.indexOf(':', PREFIX.length()) + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(envName.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed value of " + envName + " cannot be opened with this key");
        }
    }

    /** The fingerprint part of a sealed value: equal fingerprints mean the same name and value. */
    public static String fingerprint(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX) || sealed.indexOf(':', PREFIX.length()) < 0) {
            throw new IllegalArgumentException("not a sealed value");
        }
        return sealed.substring(PREFIX.length(), sealed.indexOf(':', PREFIX.length()));
    }

    private String fingerprintOf(String envName, String value) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(fingerprintKey);
        mac.update(envName.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] derive(byte[] key, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
