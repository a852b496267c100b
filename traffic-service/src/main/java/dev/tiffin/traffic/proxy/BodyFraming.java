package dev.tiffin.traffic.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Where a message body ends, without touching its bytes: by Content-Length, by the chunked coding (the chunk sizes,
 * extensions and trailer are parsed, the bytes are passed on as they are), until the connection closes, or no body.
 * One instance per message; not thread-safe.
 */
final class BodyFraming {

    enum Kind {
        NONE,
        LENGTH,
        CHUNKED,
        UNTIL_CLOSE
    }

    private static final int SIZE = 0;
    private static final int EXTENSION = 1;
    private static final int DATA = 2;
    private static final int DATA_CR = 3;
    private static final int DATA_LF = 4;
    private static final int TRAILER_LINE_START = 5;
    private static final int TRAILER_LINE = 6;
    private static final int TRAILER_END_LF = 7;
    private static final int DONE = 8;

    private final Kind kind;
    private long remaining;
    private int state;
    private int sizeDigits;

    private BodyFraming(Kind kind, long length) {
        this.kind = kind;
        this.remaining = length;
        this.state = kind == Kind.NONE || (kind == Kind.LENGTH && length == 0) ? DONE : SIZE;
    }

    static BodyFraming none() {
        return new BodyFraming(Kind.NONE, 0);
    }

    static BodyFraming length(long length) {
        return new BodyFraming(Kind.LENGTH, length);
    }

    static BodyFraming chunked() {
        return new BodyFraming(Kind.CHUNKED, 0);
    }

    static BodyFraming untilClose() {
        return new BodyFraming(Kind.UNTIL_CLOSE, 0);
    }

    Kind kind() {
        return kind;
    }

    boolean done() {
        return state == DONE;
    }

    /**
     * How many of {@code buf}'s readable bytes (from its reader index, which is not moved) belong to the body; the
     * rest follows it. -1 when the chunked coding is malformed.
     */
    int consume(ByteBuf buf) {
        int readable = buf.readableBytes();
        switch (kind) {
            case NONE:
                return 0;
            case UNTIL_CLOSE:
                return readable;
            case LENGTH: {
                int n = (int) Math.min(readable, remaining);
                remaining -= n;
                if (remaining == 0) {
                    state = DONE;
                }
                return n;
            }
            default:
                return chunks(buf, buf.readerIndex(), buf.readerIndex() + readable);
        }
    }

    private int chunks(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && state != DONE) {
            if (state == DATA) {
                int n = (int) Math.min(to - i, remaining);
                i += n;
                remaining -= n;
                if (remaining == 0) {
                    state = DATA_CR;
                }
                continue;
            }
            byte c = buf.getByte(i++);
            switch (state) {
                case SIZE -> {
                    int digit = Character.digit(c, 16);
                    if (digit >= 0) {
                        if (++sizeDigits > 15) {
                            return -1;
                        }
                        remaining = remaining * 16 + digit;
                    } else if (sizeDigits == 0) {
                        return -1;
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = EXTENSION;
                    } else if (c == '\r') {
                        state = EXTENSION;
                    } else if (c == '\n') {
                        endOfSizeLine();
                    } else {
                        return -1;
                    }
                }
                case EXTENSION -> {
                    if (c == '\n') {
                        endOfSizeLine();
                    }
                }
                case DATA_CR -> {
                    if (c == '\r') {
                        state = DATA_LF;
                    } else if (c == '\n') {
                        state = SIZE;
                    } else {
                        return -1;
                    }
                }
                case DATA_LF -> {
                    if (c != '\n') {
                        return -1;
                    }
                    state = SIZE;
                }
                case TRAILER_LINE_START -> {
                    if (c == '\r') {
                        state = TRAILER_END_LF;
                    } else if (c == '\n') {
                        state = DONE;
                    } else {
                        state = TRAILER_LINE;
                    }
                }
                case TRAILER_LINE -> {
                    if (c == '\n') {
                        state = TRAILER_LINE_START;
                    }
                }
                case TRAILER_END_LF -> {
                    if (c != '\n') {
                        return -1;
                    }
                    state = DONE;
                }
                default -> throw new IllegalStateException();
            }
        }
        return i - from;
    }

    private void endOfSizeLine() {
        sizeDigits = 0;
        if (remaining == 0) {
            state = TRAILER_LINE_START;
        } else {
            state = DATA;
        }
    }
}
