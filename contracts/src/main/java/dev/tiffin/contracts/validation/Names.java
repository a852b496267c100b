package dev.tiffin.contracts.validation;

import java.util.regex.Pattern;

/** The name syntaxes of Kubernetes and BentoML that Tiffin's documents use. */
public final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    private static final Pattern RUNNER = Pattern.compile("^[a-z0-9]([a-z0-9_-]*[a-z0-9])?$");
    private static final Pattern ENV = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$");

    private Names() {}

    /** RFC 1123 label: deployment names, namespaces. */
    public static boolean isDnsLabel(String text) {
        return text != null && text.length() <= 63 && DNS_LABEL.matcher(text).matches();
    }

    /** RFC 1123 subdomain: cluster names, label-key prefixes. */
    public static boolean isDnsSubdomain(String text) {
        return text != null
                && text.length() <= 253
                && DNS_SUBDOMAIN.matcher(text).matches();
    }

    /** A runner name: lowercase letters, digits, '_' and '-', starting and ending alphanumeric, at most 63. */
    public static boolean isRunnerName(String text) {
        return text != null && text.length() <= 63 && RUNNER.matcher(text).matches();
    }

    public static boolean isEnvName(String text) {
        return text != null && ENV.matcher(text).matches();
    }

    public static boolean isInstanceTypeName(String text) {
        return text != null
                && text.length() <= 63
                && INSTANCE_TYPE.matcher(text).matches();
    }

    /**
     * A Kubernetes qualified name ({@code [prefix/]name}): label keys and resource names such as
     * {@code example.com/foo}, {@code nvidia.com/gpu}.
     */
    public static boolean isQualifiedName(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        int slash = text.indexOf('/');
        String name = text;
        if (slash >= 0) {
            if (slash != text.lastIndexOf('/') || !isDnsSubdomain(text.substring(0, slash))) {
                return false;
            }
            name = text.substring(slash + 1);
        }
        return name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
    }

    /** A Kubernetes label value: empty, or at most 63 alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
    public static boolean isLabelValue(String text) {
        return text != null
                && (text.isEmpty()
                        || (text.length() <= 63
                                && QUALIFIED_NAME_PART.matcher(text).matches()));
    }
}
