package dev.tiffin.traffic.proxy;

import io.vertx.core.MultiMap;

/** Header names and rules of the proxy (RFC 9110 §7.6.1 hop-by-hop headers are not forwarded). */
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

    static boolean hopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 16 -> name.equalsIgnoreCase("proxy-connection");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            case 19 -> name.equalsIgnoreCase("proxy-authorization") || name.equalsIgnoreCase("proxy-authenticate");
            default -> false;
        };
    }

    /** Removes from {@code to} the headers that {@code from}'s Connection header names (hop-by-hop by declaration). */
    static void removeConnectionTokens(MultiMap from, MultiMap to) {
        String connection = from.get("connection");
        if (connection == null || connection.isEmpty()) {
            return;
        }
        for (String token : connection.split(",")) {
            String t = token.trim();
            if (!t.isEmpty() && !t.equalsIgnoreCase("close") && !t.equalsIgnoreCase("keep-alive")) {
                to.remove(t);
            }
        }
    }

    /** A Tiffin API token ({@code Bearer tfn_...}): never forwarded to user code, whatever the access type. */
    static boolean isTiffinToken(String authorization) {
        String h = authorization.trim();
        return h.length() > 7
                && h.regionMatches(true, 0, "Bearer ", 0, 7)
                && h.substring(7).trim().startsWith(TIFFIN_TOKEN_PREFIX);
    }
}
