package dev.tiffin.traffic.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's request head and what the proxy reads of it, found in one pass over the fields: the fields it replaces
 * or checks (Host, Authorization, X-Request-Id, X-Forwarded-*, Expect), the body's framing (Content-Length or chunked;
 * both, or another transfer coding, make the request malformed) and whether the connection stays open after it
 * (HTTP/1.1 unless {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}).
 */
final class RequestHead {

    final HttpHead head;
    final String method;
    final String uri;
    final boolean http10;
    final boolean keepAlive;
    final boolean expectContinue;
    /** The request's body framing: none, a length or chunked; null when the framing is malformed. */
    final BodyFraming body;

    final int host;
    final int authorization;
    final int requestId;
    final int forwardedFor;
    final int forwardedHost;
    final int forwardedProto;
    final int transferEncoding;
    /** The field names the Connection header lists (hop-by-hop by declaration), or null. */
    final List<String> connectionTokens;

    private RequestHead(HttpHead h, boolean http10) {
        this.head = h;
        this.http10 = http10;
        this.method = method(h);
        this.uri = h.second();
        int host = -1;
        int authorization = -1;
        int requestId = -1;
        int forwardedFor = -1;
        int forwardedHost = -1;
        int forwardedProto = -1;
        int transferEncoding = -1;
        long length = -1;
        boolean lengthConflict = false;
        boolean close = false;
        boolean keepAliveToken = false;
        boolean expect = false;
        List<String> tokens = null;
        for (int i = 0; i < h.fields(); i++) {
            switch (h.nameLength(i)) {
                case 4 -> host = h.nameIs(i, "host") && host < 0 ? i : host;
                case 6 -> expect |= h.nameIs(i, "expect") && h.valueIs(i, "100-continue");
                case 10 -> {
                    if (h.nameIs(i, "connection")) {
                        for (String t : h.value(i).split(",")) {
                            String token = t.trim();
                            if (token.equalsIgnoreCase("close")) {
                                close = true;
                            } else if (token.equalsIgnoreCase("keep-alive")) {
                                keepAliveToken = true;
                            } else if (!token.isEmpty()) {
                                if (tokens == null) {
                                    tokens = new ArrayList<>(2);
                                }
                                tokens.add(token);
                            }
                        }
                    }
                }
                case 12 -> requestId = h.nameIs(i, Headers.X_REQUEST_ID) && requestId < 0 ? i : requestId;
                case 13 -> authorization = h.nameIs(i, "authorization") && authorization < 0 ? i : authorization;
                case 14 -> {
                    if (h.nameIs(i, "content-length")) {
                        long l = digits(h.value(i));
                        lengthConflict |= l < 0 || (length >= 0 && l != length);
                        length = l;
                    }
                }
                case 15 -> forwardedFor = h.nameIs(i, Headers.X_FORWARDED_FOR) && forwardedFor < 0 ? i : forwardedFor;
                case 16 ->
                    forwardedHost = h.nameIs(i, Headers.X_FORWARDED_HOST) && forwardedHost < 0 ? i : forwardedHost;
                case 17 -> {
                    if (h.nameIs(i, Headers.X_FORWARDED_PROTO) && forwardedProto < 0) {
                        forwardedProto = i;
                    } else if (h.nameIs(i, "transfer-encoding")) {
                        lengthConflict |= transferEncoding >= 0;
                        transferEncoding = i;
                    }
                }
                default -> {}
            }
        }
        this.host = host;
        this.authorization = authorization;
        this.requestId = requestId;
        this.forwardedFor = forwardedFor;
        this.forwardedHost = forwardedHost;
        this.forwardedProto = forwardedProto;
        this.transferEncoding = transferEncoding;
        this.connectionTokens = tokens;
        this.keepAlive = http10 ? keepAliveToken && !close : !close;
        if (lengthConflict) {
            this.body = null;
        } else if (transferEncoding >= 0) {
            // RFC 9112 §6.1: chunked must be the final coding; with Content-Length too, or in HTTP/1.0, it is refused
            this.body = !http10 && length < 0 && lastCodingIsChunked(h.value(transferEncoding))
                    ? BodyFraming.chunked()
                    : null;
        } else {
            this.body = length > 0 ? BodyFraming.length(length) : BodyFraming.none();
        }
        this.expectContinue = expect && !http10 && body != null && !body.done();
    }

    /** The request in {@code h}, or null when its request line is not HTTP/1.0 or 1.1. */
    static RequestHead of(HttpHead h) {
        int v = h.sp2 + 1;
        if (h.lineEnd - v != 8 || !h.regionIs(v, "HTTP/1.")) {
            return null;
        }
        byte minor = h.bytes[v + 7];
        if (minor != '0' && minor != '1') {
            return null;
        }
        if (h.sp2 <= h.sp1 + 1 || h.sp2 >= h.lineEnd) {
            return null;
        }
        return new RequestHead(h, minor == '0');
    }

    boolean isHead() {
        return "HEAD".equals(method);
    }

    String value(int field) {
        return head.value(field);
    }

    private static String method(HttpHead h) {
        if (h.firstIs("POST")) {
            return "POST";
        }
        if (h.firstIs("GET")) {
            return "GET";
        }
        return h.first();
    }

    static boolean lastCodingIsChunked(String codings) {
        int comma = codings.lastIndexOf(',');
        return codings.substring(comma + 1).trim().equalsIgnoreCase("chunked");
    }

    /** A non-negative decimal, or -1. */
    static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
