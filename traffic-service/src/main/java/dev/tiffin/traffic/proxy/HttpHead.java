package dev.tiffin.traffic.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The head of an HTTP/1.x message (start line and header fields, up to the empty line), copied out of the socket
 * buffer once and kept as offsets into that copy: nothing is decoded into strings but the few fields the proxy reads,
 * and the fields it forwards are copied on as bytes. Lines end in CRLF or a bare LF; obsolete line folding, a field
 * name that is not a token (white space, controls) or a line without a colon make the head malformed
 * ({@link #parse} gives null).
 */
final class HttpHead {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    final byte[] bytes;
    /** Ends of the start line's first and second parts (the spaces after them), and of the start line. */
    int sp1;

    int sp2;
    int lineEnd;
    /** Field {@code i}: name at [f[4i], f[4i+1]), value (white space trimmed) at [f[4i+2], f[4i+3]). */
    private int[] f = new int[4 * 12];

    private int count;

    private HttpHead(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Where the head that starts at {@code from} ends (the index after its empty line), or -1 when {@code buf} does
     * not hold all of it yet.
     */
    static int end(ByteBuf buf, int from, int to) {
        int i = buf.indexOf(from, to, LF);
        while (i >= 0) {
            if (i + 1 >= to) {
                return -1;
            }
            byte next = buf.getByte(i + 1);
            if (next == LF) {
                return i + 2;
            }
            if (next == CR) {
                if (i + 2 >= to) {
                    return -1;
                }
                if (buf.getByte(i + 2) == LF) {
                    return i + 3;
                }
            }
            i = buf.indexOf(i + 1, to, LF);
        }
        return -1;
    }

    /** Parses the head of {@code length} bytes at {@code buf}'s reader index (which it does not move); null if malformed. */
    static HttpHead parse(ByteBuf buf, int length) {
        byte[] b = new byte[length];
        buf.getBytes(buf.readerIndex(), b);
        HttpHead h = new HttpHead(b);
        return h.parse() ? h : null;
    }

    private boolean parse() {
        byte[] b = bytes;
        int eol = indexOf(b, 0, LF);
        lineEnd = eol > 0 && b[eol - 1] == CR ? eol - 1 : eol;
        sp1 = indexOf(b, 0, (byte) ' ');
        if (sp1 <= 0 || sp1 >= lineEnd) {
            return false;
        }
        sp2 = indexOf(b, sp1 + 1, (byte) ' ');
        if (sp2 < 0 || sp2 > lineEnd) {
            sp2 = lineEnd; // a status line without a reason phrase
        }
        int i = eol + 1;
        while (i < b.length) {
            // one pass over the line: the name up to the colon (a token: no white space, no controls), then the LF
            int k = i;
            byte c = 0;
            while (k < b.length && (c = b[k]) > ' ' && c != ':' && c < 0x7f) {
                k++;
            }
            if (k == i && (c == '\r' || c == '\n')) {
                int end = c == '\r' ? k + 1 : k;
                return end < b.length && b[end] == LF; // the empty line
            }
            if (k == i || k >= b.length || c != ':') {
                return false; // obsolete line folding, no name, white space or a control in the name, no colon
            }
            int colon = k;
            int end = indexOf(b, colon + 1, LF);
            if (end < 0) {
                return false;
            }
            int contentEnd = b[end - 1] == CR ? end - 1 : end;
            int vs = colon + 1;
            while (vs < contentEnd && (b[vs] == ' ' || b[vs] == '\t')) {
                vs++;
            }
            int ve = contentEnd;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                ve--;
            }
            if (4 * count == f.length) {
                f = java.util.Arrays.copyOf(f, f.length * 2);
            }
            f[4 * count] = i;
            f[4 * count + 1] = colon;
            f[4 * count + 2] = vs;
            f[4 * count + 3] = ve;
            count++;
            i = end + 1;
        }
        return false;
    }

    private static int indexOf(byte[] b, int from, byte c) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    int fields() {
        return count;
    }

    int nameLength(int i) {
        return f[4 * i + 1] - f[4 * i];
    }

    /** Whether field {@code i}'s name is {@code name} (ASCII, case-insensitive). */
    boolean nameIs(int i, String name) {
        int s = f[4 * i];
        int n = f[4 * i + 1] - s;
        if (n != name.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            int c = bytes[s + k];
            int d = name.charAt(k);
            if (c != d && ((c | 0x20) != (d | 0x20) || (d | 0x20) < 'a' || (d | 0x20) > 'z')) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first field named {@code name}, or -1. */
    int find(String name) {
        for (int i = 0; i < count; i++) {
            if (nameIs(i, name)) {
                return i;
            }
        }
        return -1;
    }

    String name(int i) {
        return new String(bytes, f[4 * i], f[4 * i + 1] - f[4 * i], StandardCharsets.ISO_8859_1);
    }

    String value(int i) {
        return i < 0 ? null : new String(bytes, f[4 * i + 2], f[4 * i + 3] - f[4 * i + 2], StandardCharsets.ISO_8859_1);
    }

    /** The value of the first field named {@code name}, or null. */
    String value(String name) {
        return value(find(name));
    }

    /** Whether field {@code i}'s value is {@code text} (ASCII, case-insensitive). */
    boolean valueIs(int i, String text) {
        int s = f[4 * i + 2];
        int n = f[4 * i + 3] - s;
        return n == text.length() && new String(bytes, s, n, StandardCharsets.ISO_8859_1).equalsIgnoreCase(text);
    }

    /** Field {@code i}'s value (white space trimmed) as a copy of its bytes. */
    byte[] valueBytes(int i) {
        return java.util.Arrays.copyOfRange(bytes, f[4 * i + 2], f[4 * i + 3]);
    }

    /** Copies field {@code i}'s value (white space trimmed). */
    void writeValue(int i, ByteBuf out) {
        out.writeBytes(bytes, f[4 * i + 2], f[4 * i + 3] - f[4 * i + 2]);
    }

    /** Copies field {@code i} as {@code name: value CRLF}. */
    void writeField(int i, ByteBuf out) {
        out.writeBytes(bytes, f[4 * i], f[4 * i + 3] - f[4 * i]);
        out.writeShort(0x0d0a);
    }

    /** The start line's part before the first space (a request's method, a response's version). */
    String first() {
        return new String(bytes, 0, sp1, StandardCharsets.ISO_8859_1);
    }

    String second() {
        return new String(bytes, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
    }

    boolean firstIs(String s) {
        return sp1 == s.length() && regionIs(0, s);
    }

    boolean regionIs(int from, String s) {
        if (from + s.length() > bytes.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (bytes[from + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
