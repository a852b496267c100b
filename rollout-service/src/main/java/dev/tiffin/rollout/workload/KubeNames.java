package dev.tiffin.rollout.workload;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names of the objects Tiffin writes, made valid DNS-1123 labels (lowercase alphanumerics and '-', ≤ 63). */
public final class KubeNames {

    public static final int MAX_LABEL = 63;

    /** The component name of a deployment's API server. */
    public static final String API_SERVER = "api-server";

    private KubeNames() {}

    /** {@code iris_clf} → {@code iris-clf}: lowercase, other characters to '-', no '-' at either end. */
    public static String sanitize(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        String trimmed = lower.replaceAll("^-+", "").replaceAll("-+$", "");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no DNS-1123 label can be made of '" + name + "'");
        }
        return fit(trimmed, MAX_LABEL);
    }

    /**
     * {@code name} when it fits in {@code max} characters; otherwise its head and 8 hex characters of its SHA-256, so
     * that two long names with a common prefix stay distinct.
     */
    public static String fit(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String hash = HexFormat.of().formatHex(sha256(name)).substring(0, 8);
        String head = name.substring(0, max - hash.length() - 1).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    /** {@code <deployment>-tiffin-rollout}: the ConfigMap holding the deployment's rollout record (ADR 0007). */
    public static String rolloutRecord(String deployment) {
        return fit(deployment + "-tiffin-rollout", MAX_LABEL);
    }

    /** {@code <deployment>-<component>}: the component's Service, spanning revisions. */
    public static String service(String deployment, String component) {
        return fit(deployment + "-" + component, MAX_LABEL);
    }

    /** {@code <deployment>-<component>-r<revision>}: one revision's workload of a component. */
    public static String workload(String deployment, String component, int revision) {
        String suffix = "-r" + revision;
        return fit(deployment + "-" + component, MAX_LABEL - suffix.length()) + suffix;
    }

    /** {@code <deployment>-r<revision>-env}: the revision's secret env values. */
    public static String envSecret(String deployment, int revision) {
        String suffix = "-r" + revision + "-env";
        return fit(deployment, MAX_LABEL - suffix.length()) + suffix;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
