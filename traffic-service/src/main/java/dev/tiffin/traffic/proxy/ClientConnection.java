package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.RejectionReason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One client connection (HTTP/1.1 and 1.0, keep-alive, no pipelining surprises): reads a request head (at most
 * {@link #MAX_HEAD} bytes: 431 beyond, 400 when malformed), hands the request to {@link RequestRouting}, and streams
 * its body to the replica once its {@link Exchange} has one. One request at a time: bytes of the next request that
 * arrive early wait until the response ends (reading stops when they pass {@link #MAX_HEAD}); a body whose request
 * waits in the queue is held (reading stops past {@link #HOLD}, so TCP pushes back), and a body the replica does not
 * take as fast as it comes stops the reading too. After an answer that did not read the body, the rest of the body is
 * read and dropped, so the connection stays usable.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    static final int MAX_HEAD = 16 * 1024;
    static final int HOLD = 64 * 1024;
    static final int LINGER_SECONDS = 2;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    final ProxyLoop loop;
    final boolean internal;
    private ChannelHandlerContext ctx;
    private byte[] addressBytes;
    /** Received and not yet consumed: a head in the making, a held body, the next request. */
    private ByteBuf pending;

    private int scanned;
    /** The request in progress (a head was read and its response or its body is not done). */
    private RequestHead request;

    private BodyFraming body;
    /** Its exchange with a replica; null when the proxy answered it itself. */
    private Exchange exchange;

    private boolean responseDone;
    private boolean closeAfter;
    private boolean continueSent;
    private boolean reading = true;
    private boolean processing;
    private boolean closed;

    ClientConnection(ProxyLoop loop, boolean internal) {
        this.loop = loop;
        this.internal = internal;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            addressBytes = a.getAddress().getHostAddress().getBytes(StandardCharsets.ISO_8859_1);
        }
        ctx.fireChannelActive();
    }

    /** The client's IP address as ASCII bytes (null when not an IP socket). */
    byte[] addressBytes() {
        return addressBytes;
    }

    /** Bytes received and not yet consumed (the start of a body, mostly, when a request goes to its replica). */
    int heldBytes() {
        return pending == null ? 0 : pending.readableBytes();
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (closed) {
            in.release();
            return;
        }
        if (pending == null && request != null && !body.done() && !responseDone && sending()) {
            Exchange e = exchange;
            takeBody(in); // the common case of a streamed body: straight on to the replica
            if (in.isReadable()) {
                pending = in;
            } else {
                in.release();
            }
            e.flushRequest();
        } else {
            append(in);
        }
        process();
    }

    private void append(ByteBuf in) {
        if (pending == null) {
            pending = in;
        } else if (pending instanceof CompositeByteBuf c) {
            c.addComponent(true, in);
        } else {
            CompositeByteBuf c = ctx.alloc().compositeBuffer(64);
            c.addComponent(true, pending);
            c.addComponent(true, in);
            pending = c;
        }
    }

    /** Works through the pending bytes as far as the state allows. */
    private void process() {
        if (processing || closed) {
            return;
        }
        processing = true;
        try {
            while (pending != null && pending.isReadable() && !closed) {
                if (request == null) {
                    if (!readHead()) {
                        break;
                    }
                } else if (!body.done() && (responseDone || sending())) {
                    Exchange e = responseDone ? null : exchange;
                    takeBody(pending);
                    if (e != null) {
                        e.flushRequest();
                    }
                } else {
                    break; // a held body, or the next request while this one's response is not done
                }
            }
            if (pending != null && !pending.isReadable()) {
                pending.release();
                pending = null;
                scanned = 0;
            }
        } finally {
            processing = false;
        }
        updateReading();
    }

    private boolean sending() {
        return exchange != null && exchange.sending();
    }

    private boolean readHead() {
        while (pending.isReadable()) { // empty lines before a request line are ignored (RFC 9112 §2.2)
            byte b = pending.getByte(pending.readerIndex());
            if (b != '\r' && b != '\n') {
                break;
            }
            pending.skipBytes(1);
        }
        int from = pending.readerIndex();
        int end = HttpHead.end(pending, from + Math.max(0, scanned - 3), pending.writerIndex());
        if (end < 0) {
            scanned = pending.readableBytes();
            if (scanned > MAX_HEAD) {
                refuse(431, "the request head is larger than " + MAX_HEAD + " bytes");
            }
            return false;
        }
        scanned = 0;
        if (end - from > MAX_HEAD) {
            refuse(431, "the request head is larger than " + MAX_HEAD + " bytes");
            return false;
        }
        HttpHead head = HttpHead.parse(pending, end - from);
        pending.skipBytes(end - from);
        RequestHead r = head == null ? null : RequestHead.of(head);
        if (r == null || r.body == null) {
            refuse(400, r == null ? "malformed request head" : "malformed request framing");
            return false;
        }
        request = r;
        body = r.body;
        exchange = null;
        responseDone = false;
        continueSent = false;
        closeAfter = !r.keepAlive;
        RequestRouting.route(this, r, System.nanoTime());
        return true;
    }

    /** Answers a request this connection cannot read and closes it. */
    private void refuse(int status, String detail) {
        closeAfter = true;
        request = null;
        writeProblem(status, null, detail, RequestRouting.newRequestId(), null, false, false);
        closeNow();
    }

    /** A request that goes to a replica: {@code Expect: 100-continue} is answered here, not forwarded. */
    void exchange(Exchange e) {
        exchange = e;
        if (request.expectContinue) {
            continueSent = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
        }
        e.start();
    }

    private void takeBody(ByteBuf buf) {
        int n = body.consume(buf);
        if (n < 0) {
            boolean started = exchange != null && exchange.malformedBody();
            if (!responseDone && !started) {
                refuse(400, "malformed chunked request body");
            } else {
                closeNow();
            }
            buf.skipBytes(buf.readableBytes());
            return;
        }
        if (n > 0) {
            if (responseDone) {
                buf.skipBytes(n);
            } else {
                exchange.requestBody(buf, n);
            }
        }
        if (body.done()) {
            if (responseDone) {
                requestFinished();
            } else if (exchange != null) {
                exchange.requestSent();
            }
        }
    }

    /** The exchange's upstream connection took the request head: the body (what is held of it first) may follow. */
    void upstreamReady() {
        if (body.done()) {
            exchange.requestSent();
        } else if (pending != null && pending.isReadable()) {
            takeBody(pending); // here, not in process(), which may be busy: the caller flushes head and body at once
        }
        if (!processing) {
            process();
        }
    }

    /** The request's upstream writability or the held bytes changed: reading stops or resumes accordingly. */
    void updateReading() {
        if (closed) {
            return;
        }
        boolean want;
        int held = pending == null ? 0 : pending.readableBytes();
        if (request == null) {
            want = true;
        } else if (!body.done() && !responseDone) {
            want = sending() ? exchange.upstreamWritable() : held < HOLD;
        } else if (!body.done()) {
            want = true; // read and dropped
        } else {
            want = held < MAX_HEAD; // the next request waits; reading on notices a client that leaves
        }
        if (want != reading) {
            reading = want;
            ctx.channel().config().setAutoRead(want);
        }
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    /** The response for the client closes the connection after it (close-delimited to an HTTP/1.0 client). */
    void closeAfterResponse() {
        closeAfter = true;
    }

    boolean closesAfterResponse() {
        return closeAfter;
    }

    /** The response is complete (written): the connection goes on with the next request once the body is read. */
    void responseDone() {
        if (closed || request == null) {
            return;
        }
        responseDone = true;
        if (!body.done() && !continueSent && request.expectContinue) {
            closeAfter = true; // the client may never send the body it was not asked for (RFC 9110 §10.1.1)
        }
        if (body.done() || closeAfter) {
            requestFinished();
        } else {
            process(); // drop the rest of the body
        }
    }

    private void requestFinished() {
        request = null;
        exchange = null;
        body = null;
        responseDone = false;
        if (closeAfter) {
            closeNow();
            return;
        }
        process();
    }

    /** The response was cut short (the replica failed mid-stream): the client can only tell by the connection closing. */
    void abort() {
        closeNow();
    }

    /**
     * Closes the connection once what was written is sent: the output first (the client reads the end of the
     * response), then, when the client closes too or after {@link #LINGER_SECONDS}, the connection; what the client
     * still sends meanwhile is read and dropped, so that the answer is not lost in a reset (RFC 9112 §9.6).
     */
    private void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        if (!reading) {
            reading = true;
            ctx.channel().config().setAutoRead(true);
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (f.channel() instanceof DuplexChannel duplex && f.isSuccess()) {
                duplex.shutdownOutput();
                f.channel().eventLoop().schedule(() -> f.channel().close(), LINGER_SECONDS, TimeUnit.SECONDS);
            } else {
                f.channel().close();
            }
        });
    }

    /** Writes and flushes the proxy's own answer to the current request (an RFC 9457 problem). */
    void answer(int status, RejectionReason reason, String detail, byte[] requestId, String wwwAuthenticate) {
        if (closed || request == null || responseDone) {
            return;
        }
        if (!body.done() && !continueSent && request.expectContinue) {
            closeAfter = true; // the client may never send the body it was not asked for (RFC 9110 §10.1.1)
        }
        writeProblem(
                status, reason, detail, requestId, wwwAuthenticate, request.isHead(), request.http10 && !closeAfter);
        responseDone();
    }

    private void writeProblem(
            int status,
            RejectionReason reason,
            String detail,
            byte[] requestId,
            String wwwAuthenticate,
            boolean noBody,
            boolean keepAlive10) {
        byte[] json = Problems.body(status, detail, reason, new String(requestId, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.UTF_8);
        ByteBuf out = ctx.alloc().directBuffer(256 + json.length);
        ByteBufUtil.writeAscii(out, "HTTP/1.1 " + status + " " + Problems.title(status) + "\r\n");
        ByteBufUtil.writeAscii(out, "Content-Type: " + Problems.MEDIA_TYPE + "\r\n");
        ByteBufUtil.writeAscii(out, Headers.X_REQUEST_ID + ": ");
        out.writeBytes(requestId);
        out.writeShort(0x0d0a);
        if (reason == RejectionReason.QUEUE_FULL || reason == RejectionReason.STARTING) {
            ByteBufUtil.writeAscii(out, "Retry-After: " + loop.settings.retryAfterSeconds() + "\r\n");
        }
        if (wwwAuthenticate != null) {
            ByteBufUtil.writeAscii(out, Headers.WWW_AUTHENTICATE + ": " + wwwAuthenticate + "\r\n");
        }
        ByteBufUtil.writeAscii(out, "Content-Length: " + json.length + "\r\n");
        if (closeAfter) {
            ByteBufUtil.writeAscii(out, "Connection: close\r\n");
        } else if (keepAlive10) {
            ByteBufUtil.writeAscii(out, "Connection: keep-alive\r\n");
        }
        ByteBufUtil.writeAscii(out, "\r\n");
        if (!noBody) {
            out.writeBytes(json);
        }
        ctx.writeAndFlush(out);
    }

    void write(ByteBuf buf) {
        ctx.write(buf, ctx.voidPromise());
    }

    void flush() {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.clientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (pending != null) {
            pending.release();
            pending = null;
        }
        Exchange e = exchange;
        exchange = null;
        if (e != null) {
            e.clientGone();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the client, mostly; channelInactive does the rest
    }
}
