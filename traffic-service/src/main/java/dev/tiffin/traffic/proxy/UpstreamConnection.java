package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One keep-alive HTTP/1.1 connection to a replica, on one event loop, carrying one {@link Exchange} at a time: reads
 * the response head (at most {@link #MAX_HEAD} bytes; interim 1xx responses are dropped), finds where the body ends
 * ({@link BodyFraming}) and hands the bytes to the exchange as they come. Reading stops while the client does not take
 * them (its writability), which pushes back on the replica.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    static final int MAX_HEAD = 64 * 1024;

    private final Replica replica;
    private final byte[] hostField;
    private ChannelHandlerContext ctx;
    private Exchange exchange;
    private ByteBuf pending;
    private BodyFraming body;
    private boolean keepAlive;
    /** Some bytes of a response to the attached exchange arrived. */
    private boolean received;

    private long idleSince;

    UpstreamConnection(Replica replica) {
        this.replica = replica;
        this.hostField = ForwardedHeads.hostField(replica);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    Replica replica() {
        return replica;
    }

    /** {@code Host: <replica address> CRLF}, encoded once. */
    byte[] hostField() {
        return hostField;
    }

    boolean open() {
        return ctx.channel().isActive();
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    void attach(Exchange e) {
        exchange = e;
        body = null;
        keepAlive = false;
        received = false;
    }

    void detach() {
        exchange = null;
        body = null;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        reading(true);
    }

    void reading(boolean on) {
        if (ctx.channel().config().isAutoRead() != on) {
            ctx.channel().config().setAutoRead(on);
        }
    }

    void write(ByteBuf buf) {
        ctx.write(buf, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    void close() {
        ctx.close();
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long now) {
        idleSince = now;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        Exchange e = exchange;
        if (e == null) {
            in.release(); // bytes nobody asked for: the connection is not usable any more
            ctx.close();
            return;
        }
        received = true;
        if (body == null) {
            in = head(e, in);
            if (in == null) {
                return;
            }
        }
        int n = body.consume(in);
        if (n < 0) {
            in.release();
            ctx.close(); // malformed chunks: channelInactive tells the exchange
            return;
        }
        if (n > 0) {
            e.responseBody(in, n);
        }
        if (body.done()) {
            if (in.isReadable()) {
                keepAlive = false; // more than the response: do not trust the connection with another request
            }
            in.release();
            exchange = null;
            body = null;
            e.responseEnd(keepAlive);
            return;
        }
        in.release();
        if (!e.flushResponse()) {
            reading(false); // until the client's connection is writable again
        }
    }

    /** Reads the response head; the bytes after it, or null when there is no full head yet (or it failed). */
    private ByteBuf head(Exchange e, ByteBuf in) {
        if (pending == null) {
            pending = in;
        } else {
            CompositeByteBuf c = pending instanceof CompositeByteBuf cb
                    ? cb
                    : ctx.alloc().compositeBuffer(16).addComponent(true, pending);
            c.addComponent(true, in);
            pending = c;
        }
        while (true) {
            int from = pending.readerIndex();
            int end = HttpHead.end(pending, from, pending.writerIndex());
            if (end < 0) {
                if (pending.readableBytes() > MAX_HEAD) {
                    ctx.close();
                }
                return null;
            }
            HttpHead h = HttpHead.parse(pending, end - from);
            pending.skipBytes(end - from);
            int status = h == null ? -1 : status(h);
            if (status < 0 || status == 101) {
                ctx.close(); // malformed, or an upgrade nobody asked for: channelInactive answers 502
                return null;
            }
            if (status < 200) {
                continue; // interim response (100 Continue, 103 Early Hints): not forwarded
            }
            keepAlive = keepAlive(h);
            body = framing(h, status, e.headRequest());
            ByteBuf rest = pending;
            pending = null;
            e.responseHead(h, status, body, rest.readableBytes());
            if (exchange != e) {
                rest.release(); // the exchange gave up on this connection meanwhile
                return null;
            }
            return rest;
        }
    }

    private static int status(HttpHead h) {
        if (!h.regionIs(0, "HTTP/1.") || h.sp1 != 8 || h.sp2 - h.sp1 != 4) {
            return -1;
        }
        int s = 0;
        for (int i = h.sp1 + 1; i < h.sp2; i++) {
            int d = h.bytes[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            s = s * 10 + d;
        }
        return s < 100 ? -1 : s;
    }

    private static boolean keepAlive(HttpHead h) {
        boolean http11 = h.bytes[7] == '1';
        boolean close = false;
        boolean keep = false;
        for (int i = 0; i < h.fields(); i++) {
            if (h.nameLength(i) == 10 && h.nameIs(i, "connection")) {
                close |= Headers.listContains(h.value(i), "close");
                keep |= Headers.listContains(h.value(i), "keep-alive");
            }
        }
        return http11 ? !close : keep && !close;
    }

    /** RFC 9112 §6.3: no body for HEAD, 1xx, 204 and 304; then chunked, Content-Length, or until the close. */
    private static BodyFraming framing(HttpHead h, int status, boolean headRequest) {
        if (headRequest || status == 204 || status == 304) {
            return BodyFraming.none();
        }
        int te = -1;
        int cl = -1;
        for (int i = 0; i < h.fields(); i++) {
            int n = h.nameLength(i);
            if (n == 17 && h.nameIs(i, "transfer-encoding")) {
                te = i;
            } else if (n == 14 && h.nameIs(i, "content-length")) {
                cl = i;
            }
        }
        if (te >= 0) {
            return RequestHead.lastCodingIsChunked(h.value(te)) ? BodyFraming.chunked() : BodyFraming.untilClose();
        }
        if (cl >= 0) {
            long length = RequestHead.digits(h.value(cl));
            return length >= 0 ? BodyFraming.length(length) : BodyFraming.untilClose();
        }
        return BodyFraming.untilClose();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = exchange;
        if (e != null) {
            e.upstreamWritabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            if (body != null && body.kind() == BodyFraming.Kind.UNTIL_CLOSE) {
                body = null;
                e.responseEnd(false); // the close is the end of this body
            } else {
                body = null;
                e.upstreamFailed(!received);
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // channelInactive tells the exchange
    }
}
