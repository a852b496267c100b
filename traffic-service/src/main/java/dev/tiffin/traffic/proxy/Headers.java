package dev.tiffin.traffic.proxy;

/** Header names and rules of the proxy (the hop-by-hop fields are in {@link ForwardedHeads}). */
final class Headers {

    static final String X_REQUEST_ID = "X-Request-Id";
    static final String X_FORWARDED_FOR = "X-Forwarded-For";
    static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    /** nginx's "client closed request": recorded (never sent) when the client went away before the answer. */
    static final int CLIENT_CLOSED = 499;

    private static final String TIFFIN_TOKEN_PREFIX = "tfn_";

    private Headers() {}

    /** Whether the comma-separated {@code list} (a Connection header) names {@code token}, case-insensitively. */
    static boolean listContains(String list, String token) {
        if (list == null) {
            return false;
        }
        int from = 0;
        while (from <= list.length()) {
            int comma = list.indexOf(',', from);
            int end = comma < 0 ? list.length() : comma;
            String t = list.substring(from, end).trim();
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
            if (comma < 0) {
                break;
            }
            from = comma + 1;
        }
        return false;
    }

    /** A Tiffin API token ({@code Bearer tfn_...}): never forwarded to user code, whatever the access type. */
    static boolean isTiffinToken(String authorization) {
        String h = authorization.trim();
        return h.length() > 7
                && h.regionMatches(true, 0, "Bearer ", 0, 7)
                && h.substring(7).trim().startsWith(TIFFIN_TOKEN_PREFIX);
    }
}
