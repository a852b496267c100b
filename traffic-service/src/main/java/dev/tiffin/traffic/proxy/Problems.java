package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.RejectionReason;

/**
 * RFC 9457 problem bodies ({@code application/problem+json}) of the answers the traffic service gives itself: {@code
 * type}, {@code title}, {@code status}, {@code detail}, plus the extension members {@code reason} (the rejection
 * reason, as in the metrics) and {@code request_id}.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {}

    static String body(int status, String detail, RejectionReason reason, String requestId) {
        StringBuilder b = new StringBuilder(192);
        b.append("{\"type\":\"about:blank\",\"title\":\"");
        b.append(title(status));
        b.append("\",\"status\":").append(status);
        b.append(",\"detail\":\"");
        escape(b, detail);
        b.append('"');
        if (reason != null) {
            b.append(",\"reason\":\"").append(reason.wire()).append('"');
        }
        if (requestId != null) {
            b.append(",\"request_id\":\"");
            escape(b, requestId);
            b.append('"');
        }
        b.append('}');
        return b.toString();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 429 -> "Too Many Requests";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
