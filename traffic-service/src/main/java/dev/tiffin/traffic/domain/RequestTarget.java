package dev.tiffin.traffic.domain;

/**
 * Which deployment and component a request is for, and the path (with query) to forward to the replica.
 *
 * <ul>
 *   <li>Public listener, host-based: {@code Host: {name}.{namespace}.{base-domain}} → the API server, path as is.
 *   <li>Public listener, path prefix (local use): {@code /{namespace}/{name}/rest...} → the API server, {@code /rest...}.
 *   <li>Internal listener: {@code /{namespace}/{name}/{runner}/rest...} → that runner, {@code /rest...}.
 * </ul>
 */
public record RequestTarget(String namespace, String name, String component, String path) {

    /** The target of a request on the public listener, or null when neither form matches. */
    public static RequestTarget parsePublic(String host, String uri, String baseDomain) {
        if (baseDomain != null && !baseDomain.isEmpty() && host != null) {
            RequestTarget byHost = byHost(host, uri, baseDomain);
            if (byHost != null) {
                return byHost;
            }
        }
        int[] cut = segments(uri, 2);
        if (cut == null) {
            return null;
        }
        return new RequestTarget(
                uri.substring(1, cut[0]),
                uri.substring(cut[0] + 1, cut[1]),
                DeploymentRoute.API_SERVER,
                rest(uri, cut[1]));
    }

    /** The target of a request on the internal (runner) listener, or null when it is not {@code /ns/name/runner/...}. */
    public static RequestTarget parseInternal(String uri) {
        int[] cut = segments(uri, 3);
        if (cut == null) {
            return null;
        }
        return new RequestTarget(
                uri.substring(1, cut[0]),
                uri.substring(cut[0] + 1, cut[1]),
                uri.substring(cut[1] + 1, cut[2]),
                rest(uri, cut[2]));
    }

    private static RequestTarget byHost(String host, String uri, String baseDomain) {
        int colon = host.lastIndexOf(':');
        String h = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        int suffix = h.length() - baseDomain.length() - 1;
        if (suffix <= 0
                || h.charAt(suffix) != '.'
                || !h.regionMatches(true, suffix + 1, baseDomain, 0, baseDomain.length())) {
            return null;
        }
        int dot = h.indexOf('.');
        if (dot <= 0 || dot >= suffix - 1 || h.indexOf('.', dot + 1) != suffix) {
            return null;
        }
        String path = uri == null || uri.isEmpty() ? "/" : uri;
        return new RequestTarget(h.substring(dot + 1, suffix), h.substring(0, dot), DeploymentRoute.API_SERVER, path);
    }

    /**
     * Ends of the first {@code count} non-empty path segments: the index of the '/' (or '?', or end) after each, or
     * null when the path has fewer.
     */
    private static int[] segments(String uri, int count) {
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/') {
            return null;
        }
        int[] ends = new int[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int end = start + 1;
            while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
                end++;
            }
            if (end == start + 1) {
                return null;
            }
            ends[k] = end;
            if (k < count - 1 && (end >= uri.length() || uri.charAt(end) != '/')) {
                return null;
            }
            start = end;
        }
        return ends;
    }

    private static String rest(String uri, int from) {
        if (from >= uri.length()) {
            return "/";
        }
        return uri.charAt(from) == '?' ? "/" + uri.substring(from) : uri.substring(from);
    }
}
