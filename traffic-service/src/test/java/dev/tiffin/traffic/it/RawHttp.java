package dev.tiffin.traffic.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A minimal HTTP/1.1 writer and reader over raw sockets, for the tests that look at the proxy on the wire. */
final class RawHttp {

    /** A response: its status, its head (lines joined with CRLF) and its body as text. */
    record Response(int status, String head, String body) {}

    private RawHttp() {}

    /** Writes {@code text} as it is (one byte per char). */
    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A response head only (an interim 100, say). */
    static Response readHead(InputStream in) throws IOException {
        String head = head(in);
        return new Response(Integer.parseInt(head.substring(9, 12)), head, "");
    }

    /** A whole response: no body for 1xx, else chunked or Content-Length framed. */
    static Response read(InputStream in) throws IOException {
        String head = head(in);
        int status = Integer.parseInt(head.substring(9, 12));
        if (status < 200) {
            return new Response(status, head, "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            while (true) {
                int n = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {}
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else {
            body.write(in.readNBytes(contentLength(head)));
        }
        return new Response(status, head, body.toString(StandardCharsets.UTF_8));
    }

    /** The lines of a message head up to its empty line, each ended by CRLF; EOFException when the stream ends first. */
    static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        String l;
        while (!(l = line(in)).isEmpty()) {
            b.append(l).append("\r\n");
        }
        return b.toString();
    }

    /** The head's Content-Length, 0 without one. */
    static int contentLength(String head) {
        int at = head.toLowerCase(Locale.ROOT).indexOf("content-length:");
        return at < 0
                ? 0
                : Integer.parseInt(
                        head.substring(at + 15, head.indexOf('\r', at)).trim());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("closed after " + b);
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
