package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * The heads the proxy sends on: the client's request to the replica and the replica's response to the client, each
 * copied field by field as bytes, without the hop-by-hop fields (RFC 9110 §7.6.1) and those the Connection header
 * lists, with the framing fields matching the bytes that follow, and with the proxy's own fields (Host, X-Request-Id,
 * X-Forwarded-*).
 */
final class ForwardedHeads {

    private static final byte[] CRLF = {'\r', '\n'};

    private ForwardedHeads() {}

    /**
     * The request head for {@code replica}: the path without the route's prefix, HTTP/1.1 (HTTP/1.0 for a 1.0 client,
     * so that the replica answers it without chunks), Authorization removed when {@code stripAuthorization} or a
     * Tiffin token.
     */
    static ByteBuf request(
            ByteBufAllocator alloc,
            RequestHead r,
            String path,
            Replica replica,
            String requestId,
            String clientAddress,
            boolean stripAuthorization) {
        HttpHead h = r.head;
        ByteBuf out = alloc.directBuffer(h.bytes.length + 160 + path.length());
        out.writeBytes(h.bytes, 0, h.sp1 + 1);
        ByteBufUtil.writeAscii(out, path);
        ByteBufUtil.writeAscii(out, r.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
        for (int i = 0; i < h.fields(); i++) {
            if (!skipRequestField(h, i, r, stripAuthorization)) {
                h.writeField(i, out);
            }
        }
        field(out, "Host: ", replica.address());
        field(out, "X-Request-Id: ", requestId);
        if (clientAddress != null) {
            field(
                    out,
                    "X-Forwarded-For: ",
                    r.forwardedFor < 0 ? clientAddress : r.value(r.forwardedFor) + ", " + clientAddress);
        } else if (r.forwardedFor >= 0) {
            h.writeField(r.forwardedFor, out);
        }
        if (r.forwardedHost < 0 && r.host >= 0) {
            field(out, "X-Forwarded-Host: ", r.value(r.host));
        }
        if (r.forwardedProto < 0) {
            ByteBufUtil.writeAscii(out, "X-Forwarded-Proto: http\r\n"); // plain HTTP listeners: TLS ends in front
        }
        if (r.body.kind() == BodyFraming.Kind.CHUNKED) {
            field(out, "Transfer-Encoding: ", r.value(r.transferEncoding));
        }
        out.writeBytes(CRLF);
        return out;
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
     * for keep-alive is told it is kept.
     */
    static ByteBuf response(
            ByteBufAllocator alloc,
            HttpHead h,
            BodyFraming body,
            String requestId,
            boolean chunk,
            boolean close,
            boolean keepAlive10) {
        ByteBuf out = alloc.directBuffer(h.bytes.length + 96);
        ByteBufUtil.writeAscii(out, "HTTP/1.1 ");
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
        field(out, "X-Request-Id: ", requestId);
        if (chunked && transferEncoding >= 0) {
            field(out, "Transfer-Encoding: ", h.value(transferEncoding));
        } else if (chunk) {
            ByteBufUtil.writeAscii(out, "Transfer-Encoding: chunked\r\n");
        }
        if (close) {
            ByteBufUtil.writeAscii(out, "Connection: close\r\n");
        } else if (keepAlive10) {
            ByteBufUtil.writeAscii(out, "Connection: keep-alive\r\n");
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

    private static void field(ByteBuf out, String nameColonSpace, String value) {
        ByteBufUtil.writeAscii(out, nameColonSpace);
        ByteBufUtil.writeAscii(out, value);
        out.writeBytes(CRLF);
    }
}
