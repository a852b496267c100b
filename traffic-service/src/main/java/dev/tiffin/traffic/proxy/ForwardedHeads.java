package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The heads the proxy sends on: the client's request to the replica and the replica's response to the client, each
 * copied field by field as bytes, without the hop-by-hop fields (RFC 9110 §7.6.1) and those the Connection header
 * lists, with the framing fields matching the bytes that follow, and with the proxy's own fields (Host, X-Request-Id,
 * X-Forwarded-*).
 */
final class ForwardedHeads {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HTTP_11_LINE_END = ascii(" HTTP/1.1\r\n");
    private static final byte[] HTTP_10_LINE_END = ascii(" HTTP/1.0\r\n");
    private static final byte[] HTTP_11_START = ascii("HTTP/1.1 ");
    private static final byte[] X_REQUEST_ID = ascii(Headers.X_REQUEST_ID + ": ");
    private static final byte[] X_FORWARDED_FOR = ascii(Headers.X_FORWARDED_FOR + ": ");
    private static final byte[] X_FORWARDED_HOST = ascii(Headers.X_FORWARDED_HOST + ": ");
    private static final byte[] X_FORWARDED_PROTO_HTTP = ascii(Headers.X_FORWARDED_PROTO + ": http\r\n");
    private static final byte[] COMMA_SPACE = ascii(", ");
    private static final byte[] TRANSFER_ENCODING = ascii("Transfer-Encoding: ");
    private static final byte[] TRANSFER_ENCODING_CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");

    private ForwardedHeads() {}

    /**
     * The request head for {@code replica}: the path without the route's prefix, HTTP/1.1 (HTTP/1.0 for a 1.0 client,
     * so that the replica answers it without chunks), Authorization removed when {@code stripAuthorization} or a
     * Tiffin token. {@code hostField} is the replica's Host field, encoded ({@link #hostField}); {@code room} bytes are
     * left free after the head, for a small body to follow in the same buffer.
     */
    static ByteBuf request(
            ByteBufAllocator alloc,
            RequestHead r,
            String path,
            byte[] hostField,
            byte[] requestId,
            byte[] clientAddress,
            boolean stripAuthorization,
            int room) {
        HttpHead h = r.head;
        ByteBuf out = alloc.directBuffer(h.bytes.length + 160 + path.length() + room);
        out.writeBytes(h.bytes, 0, h.sp1 + 1);
        out.writeBytes(ascii(path)); // the request line was read as Latin-1: one byte per char
        out.writeBytes(r.http10 ? HTTP_10_LINE_END : HTTP_11_LINE_END);
        for (int i = 0; i < h.fields(); i++) {
            if (!skipRequestField(h, i, r, stripAuthorization)) {
                h.writeField(i, out);
            }
        }
        out.writeBytes(hostField);
        field(out, X_REQUEST_ID, requestId);
        if (clientAddress != null) {
            out.writeBytes(X_FORWARDED_FOR);
            if (r.forwardedFor >= 0) {
                h.writeValue(r.forwardedFor, out);
                out.writeBytes(COMMA_SPACE);
            }
            out.writeBytes(clientAddress);
            out.writeBytes(CRLF);
        } else if (r.forwardedFor >= 0) {
            h.writeField(r.forwardedFor, out);
        }
        if (r.forwardedHost < 0 && r.host >= 0) {
            copiedField(out, X_FORWARDED_HOST, h, r.host);
        }
        if (r.forwardedProto < 0) {
            out.writeBytes(X_FORWARDED_PROTO_HTTP); // plain HTTP listeners: TLS ends in front
        }
        if (r.body.kind() == BodyFraming.Kind.CHUNKED) {
            copiedField(out, TRANSFER_ENCODING, h, r.transferEncoding);
        }
        out.writeBytes(CRLF);
        return out;
    }

    /** {@code Host: address CRLF} for a replica: encoded once per upstream connection. */
    static byte[] hostField(Replica replica) {
        return ascii("Host: " + replica.address() + "\r\n");
    }

    private static boolean skipRequestField(HttpHead h, int i, RequestHead r, boolean stripAuthorization) {
        boolean skip = switch (h.nameLength(i)) {
            case 4 -> h.nameIs(i, "host");
            case 6 -> h.nameIs(i, "expect");
            case 12 -> h.nameIs(i, Headers.X_REQUEST_ID);
            case 13 -> h.nameIs(i, "authorization") && (stripAuthorization || Headers.isTiffinToken(h.value(i)));
            case 15 -> h.nameIs(i, Headers.X_FORWARDED_FOR);
            default -> hopByHop(h, i);
        };
        return skip || listed(h, i, r.connectionTokens);
    }

    /**
     * The response head for the client. {@code chunk}: the replica's body ends with the connection and is re-framed as
     * chunks; {@code close}: the client connection closes after it; {@code keepAlive10}: an HTTP/1.0 client that asked
     * for keep-alive is told it is kept. {@code room} bytes are left free after the head, for a small body to follow in
     * the same buffer.
     */
    static ByteBuf response(
            ByteBufAllocator alloc,
            HttpHead h,
            BodyFraming body,
            byte[] requestId,
            boolean chunk,
            boolean close,
            boolean keepAlive10,
            int room) {
        ByteBuf out = alloc.directBuffer(h.bytes.length + 96 + room);
        out.writeBytes(HTTP_11_START);
        out.writeBytes(h.bytes, h.sp1 + 1, h.lineEnd - h.sp1 - 1);
        out.writeBytes(CRLF);
        List<String> tokens = connectionTokens(h);
        boolean chunked = body.kind() == BodyFraming.Kind.CHUNKED;
        int transferEncoding = -1;
        for (int i = 0; i < h.fields(); i++) {
            int n = h.nameLength(i);
            if (n == 17 && h.nameIs(i, "transfer-encoding")) {
                transferEncoding = i;
                continue;
            }
            if (hopByHop(h, i)
                    || (n == 12 && h.nameIs(i, Headers.X_REQUEST_ID))
                    || (chunked && n == 14 && h.nameIs(i, "content-length"))
                    || listed(h, i, tokens)) {
                continue;
            }
            h.writeField(i, out);
        }
        field(out, X_REQUEST_ID, requestId);
        if (chunked && transferEncoding >= 0) {
            copiedField(out, TRANSFER_ENCODING, h, transferEncoding);
        } else if (chunk) {
            out.writeBytes(TRANSFER_ENCODING_CHUNKED);
        }
        if (close) {
            out.writeBytes(CONNECTION_CLOSE);
        } else if (keepAlive10) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeBytes(CRLF);
        return out;
    }

    /** The field names a response's Connection header lists, or null. */
    static List<String> connectionTokens(HttpHead h) {
        List<String> tokens = null;
        for (int i = 0; i < h.fields(); i++) {
            if (h.nameLength(i) == 10 && h.nameIs(i, "connection")) {
                for (String t : h.value(i).split(",")) {
                    String token = t.trim();
                    if (!token.isEmpty() && !token.equalsIgnoreCase("close") && !token.equalsIgnoreCase("keep-alive")) {
                        if (tokens == null) {
                            tokens = new java.util.ArrayList<>(2);
                        }
                        tokens.add(token);
                    }
                }
            }
        }
        return tokens;
    }

    private static boolean listed(HttpHead h, int i, List<String> tokens) {
        if (tokens == null) {
            return false;
        }
        for (String t : tokens) {
            if (h.nameIs(i, t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hopByHop(HttpHead h, int i) {
        return switch (h.nameLength(i)) {
            case 2 -> h.nameIs(i, "te");
            case 7 -> h.nameIs(i, "trailer") || h.nameIs(i, "upgrade");
            case 10 -> h.nameIs(i, "connection") || h.nameIs(i, "keep-alive");
            case 16 -> h.nameIs(i, "proxy-connection");
            case 17 -> h.nameIs(i, "transfer-encoding");
            case 19 -> h.nameIs(i, "proxy-authorization") || h.nameIs(i, "proxy-authenticate");
            default -> false;
        };
    }

    private static void field(ByteBuf out, byte[] nameColonSpace, byte[] value) {
        out.writeBytes(nameColonSpace);
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    /** {@code name} (with its colon and space), then the value of {@code h}'s field {@code i}. */
    private static void copiedField(ByteBuf out, byte[] nameColonSpace, HttpHead h, int i) {
        out.writeBytes(nameColonSpace);
        h.writeValue(i, out);
        out.writeBytes(CRLF);
    }

    /** A head's text as bytes, one per char (ASCII, or Latin-1 as the head was read). */
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
