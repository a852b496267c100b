package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.ComponentQueue;
import dev.tiffin.traffic.domain.ComponentQueue.Admission;
import dev.tiffin.traffic.domain.ComponentQueue.Ticket;
import dev.tiffin.traffic.domain.RejectionReason;
import dev.tiffin.traffic.domain.Replica;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.net.UnknownHostException;

/**
 * One proxied request, from admission to the end of the response. Every method runs on the event loop of the client
 * connection (work handed over by other threads goes through {@link ProxyLoop#onLoop}), which is also the loop of its
 * upstream connection, so the state needs no locking. The replica slot taken at dispatch is released exactly once:
 * when the response has been streamed, the upstream failed, the timeout fired or the client went away.
 */
final class Exchange extends Deadlines.Entry {

    /** Connection attempts per request: a refused connection (nothing sent) is retried on another replica. */
    private static final int MAX_ATTEMPTS = 3;

    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    /**
     * A body piece of at most this many bytes that arrived with its head is copied into the head's buffer, so that
     * both go out as one buffer (one write, no slice of the read buffer).
     */
    static final int MERGE_LIMIT = 4096;

    private final ProxyLoop loop;
    private final ClientConnection client;
    private final RequestHead request;
    private final ComponentGate gate;
    private final String path;
    private final long arrivedAt;
    private final byte[] requestId;
    private final boolean stripAuthorization;
    /** The request head for the replica while the first body piece may still join it (within {@link #send}). */
    private ByteBuf requestHead;
    /** The response head for the client until the first body piece joins it or the response is flushed. */
    private ByteBuf responseHead;

    private Ticket<Exchange> ticket;
    private Replica replica;
    private UpstreamConnection upstream;
    /** The request head went to the replica: its body may follow. */
    private boolean sending;
    /** All of the request went to the replica (head and body). */
    private boolean requestSent;
    /** The close-delimited response body is re-framed as chunks for an HTTP/1.1 client. */
    private boolean chunk;

    private int status;
    private boolean clockStarted;
    private boolean answered;
    private boolean finished;
    private boolean clientGone;
    private int attempts;
    /** The current attempt's upstream connection came from the pool (it had carried requests before). */
    private boolean reusedConnection;
    /** The request went once more after a pooled connection closed under it ({@link #upstreamFailed}). */
    private boolean resent;

    Exchange(
            ClientConnection client,
            RequestHead request,
            ComponentGate gate,
            String path,
            long arrivedAt,
            byte[] requestId,
            boolean stripAuthorization) {
        this.loop = client.loop;
        this.client = client;
        this.request = request;
        this.gate = gate;
        this.path = path;
        this.arrivedAt = arrivedAt;
        this.requestId = requestId;
        this.stripAuthorization = stripAuthorization;
    }

    void start() {
        Admission<Exchange> a = gate.admit(this, arrivedAt);
        if (a.activate()) {
            loop.activationRequested(gate);
        }
        switch (a.outcome()) {
            case DISPATCHED -> dispatch(a.replica());
            case QUEUED -> ticket = a.ticket();
            case REJECTED ->
                answerOwn(
                        503,
                        RejectionReason.QUEUE_FULL,
                        "the request queue of " + gate.deployment().name() + "/" + gate.component()
                                + " is full (max_queue " + gate.policy().maxQueue() + ")");
        }
    }

    // ---- hand-overs from other threads -------------------------------------------------------------------------

    void dispatchLater(Replica r) {
        loop.onLoop(() -> dispatch(r));
    }

    void expiredLater(boolean coldStart) {
        loop.onLoop(() -> expired(coldStart));
    }

    void closedLater(int status, String detail) {
        loop.onLoop(() -> {
            ticket = null;
            if (!answered && !clientGone) {
                answerOwn(status, status == 404 ? RejectionReason.NOT_FOUND : null, detail);
            }
        });
    }

    // ---- the request, to the replica ---------------------------------------------------------------------------

    private void dispatch(Replica r) {
        ticket = null;
        replica = r;
        if (answered || clientGone) {
            release();
            return;
        }
        attempts++;
        if (!clockStarted) {
            // the timeout clock starts at the first dispatch: waiting in the queue is bounded separately
            clockStarted = true;
            loop.deadlines().add(this, gate.timeoutNanos(), System.nanoTime());
        }
        UpstreamConnection idle = resent ? null : loop.pool().take(r, System.nanoTime());
        reusedConnection = idle != null;
        if (idle != null) {
            send(idle);
            return;
        }
        ChannelFuture connecting;
        try {
            connecting = loop.connect(r);
        } catch (UnknownHostException e) {
            connectFailed(r);
            return;
        }
        connecting.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                send(f.channel().pipeline().get(UpstreamConnection.class));
            } else {
                connectFailed(r);
            }
        });
    }

    private void send(UpstreamConnection c) {
        if (answered || clientGone) {
            loop.pool().give(c, System.nanoTime()); // nothing was sent on it
            release();
            return;
        }
        upstream = c;
        c.attach(this);
        requestHead = ForwardedHeads.request(
                client.context().alloc(),
                request,
                path,
                c.hostField(),
                requestId,
                client.addressBytes(),
                stripAuthorization,
                Math.min(client.heldBytes(), MERGE_LIMIT));
        sending = true;
        client.upstreamReady(); // the body, what is held of it first: a small first piece joins the head
        ByteBuf head = requestHead;
        if (head != null) {
            requestHead = null;
            c.write(head);
        }
        c.flush();
    }

    /** Whether the request's body can go to the replica now. */
    boolean sending() {
        return sending;
    }

    /** The next {@code n} bytes of {@code buf} are request body: they go to the replica (the reader index moves on). */
    void requestBody(ByteBuf buf, int n) {
        ByteBuf head = requestHead;
        if (head != null) {
            requestHead = null;
            if (n <= head.writableBytes()) {
                head.writeBytes(buf, n);
                upstream.write(head);
                return;
            }
            upstream.write(head);
        }
        upstream.write(buf.readRetainedSlice(n));
    }

    void flushRequest() {
        UpstreamConnection c = upstream;
        if (c != null) {
            c.flush();
        }
    }

    void requestSent() {
        requestSent = true;
    }

    boolean upstreamWritable() {
        UpstreamConnection c = upstream;
        return c == null || c.writable();
    }

    void upstreamWritabilityChanged() {
        client.updateReading();
    }

    void clientWritabilityChanged(boolean writable) {
        UpstreamConnection c = upstream;
        if (c != null && answered) {
            c.reading(writable);
        }
    }

    private void connectFailed(Replica failed) {
        release();
        if (answered || clientGone) {
            return;
        }
        if (attempts < MAX_ATTEMPTS) {
            Admission<Exchange> a = gate.readmit(this, failed, System.nanoTime());
            if (a.outcome() == ComponentQueue.Outcome.DISPATCHED) {
                dispatch(a.replica());
            } else {
                ticket = a.ticket();
            }
            return;
        }
        gate.meters().upstreamError();
        answerOwn(
                502,
                null,
                "could not connect to a replica of " + gate.deployment().name() + "/" + gate.component());
    }

    // ---- the response, to the client ---------------------------------------------------------------------------

    /** Whether the request can be sent again as it is: no body, and an idempotent method (RFC 9110 §9.2.2). */
    private boolean replayable() {
        if (request.body.kind() != BodyFraming.Kind.NONE) {
            return false;
        }
        return switch (request.method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    /** The method of the request (a HEAD request's response has no body). */
    boolean headRequest() {
        return request.isHead();
    }

    /**
     * The replica's response head arrived: it goes to the client as it is, with the body as it comes ({@code room}:
     * the body bytes that came with the head, which may join it).
     */
    void responseHead(HttpHead head, int status, BodyFraming body, int room) {
        cancelTimer();
        if (answered || clientGone) {
            abortUpstream();
            release();
            return;
        }
        answered = true;
        this.status = status;
        if (body.kind() == BodyFraming.Kind.UNTIL_CLOSE) {
            if (request.http10) {
                client.closeAfterResponse();
            } else {
                chunk = true;
            }
        }
        boolean close = client.closesAfterResponse();
        responseHead = ForwardedHeads.response(
                client.context().alloc(),
                head,
                body,
                requestId,
                chunk,
                close,
                request.http10 && !close,
                chunk ? 0 : Math.min(room, MERGE_LIMIT));
    }

    /** Writes the response head if it still waits for a body piece to join it. */
    private void writeResponseHead() {
        ByteBuf head = responseHead;
        if (head != null) {
            responseHead = null;
            client.write(head);
        }
    }

    /** The next {@code n} bytes of {@code buf} are response body: they go to the client (the reader index moves on). */
    void responseBody(ByteBuf buf, int n) {
        ByteBuf head = responseHead;
        if (head != null && !chunk && n <= head.writableBytes()) {
            responseHead = null;
            head.writeBytes(buf, n);
            client.write(head);
            return;
        }
        writeResponseHead();
        ByteBuf piece = buf.readRetainedSlice(n);
        if (chunk) {
            ByteBuf size = client.context().alloc().directBuffer(12);
            ByteBufUtil.writeAscii(size, Integer.toHexString(piece.readableBytes()));
            size.writeShort(0x0d0a);
            client.write(size);
            client.write(piece);
            client.write(client.context().alloc().directBuffer(2).writeShort(0x0d0a));
        } else {
            client.write(piece);
        }
    }

    /** The replica's bytes read so far go out; false when the client does not take them as fast (reading stops). */
    boolean flushResponse() {
        writeResponseHead();
        client.flush();
        return client.writable();
    }

    /** The response is complete: the upstream connection goes back to the pool when it can carry another request. */
    void responseEnd(boolean upstreamKeepAlive) {
        writeResponseHead();
        if (chunk) {
            client.write(client.context().alloc().directBuffer(5).writeBytes(LAST_CHUNK));
        }
        client.flush();
        UpstreamConnection c = upstream;
        upstream = null;
        sending = false;
        if (c != null) {
            c.detach();
            if (upstreamKeepAlive && requestSent && !request.http10 && c.open()) { // a 1.0 request ends its connection
                loop.pool().give(c, System.nanoTime());
            } else {
                c.close();
            }
        }
        release();
        finish(clientGone ? Headers.CLIENT_CLOSED : status);
        client.responseDone();
    }

    /**
     * The upstream connection failed or closed before the response was complete; {@code nothingReceived}: not a byte
     * of a response came on it.
     */
    void upstreamFailed(boolean nothingReceived) {
        writeResponseHead(); // a response cut short: the client gets what there was, then the connection closes
        upstream = null;
        sending = false;
        release();
        if (!answered && !clientGone && nothingReceived && reusedConnection && !resent && replayable()) {
            // a kept-alive connection that the replica closed as the request went out (its own idle timeout, or it
            // restarted): a bodiless request with an idempotent method goes once more, on a new connection
            resent = true;
            Admission<Exchange> a = gate.readmit(this, null, System.nanoTime());
            if (a.outcome() == ComponentQueue.Outcome.DISPATCHED) {
                dispatch(a.replica());
            } else {
                ticket = a.ticket();
            }
            return;
        }
        if (answered) {
            if (!finished && !clientGone) {
                client.abort(); // the response started: the client sees it cut short
                finish(status);
            }
            return;
        }
        if (clientGone) {
            finish(Headers.CLIENT_CLOSED);
            return;
        }
        cancelTimer();
        gate.meters().upstreamError();
        answerOwn(
                502,
                null,
                "the replica of " + gate.deployment().name() + "/" + gate.component() + " failed before answering");
    }

    /** The client's chunked body is malformed: the request is abandoned. Whether its response had started. */
    boolean malformedBody() {
        writeResponseHead();
        boolean started = answered;
        cancelTimer();
        abortUpstream();
        release();
        answered = true;
        finish(started ? status : 400);
        return started;
    }

    // ---- the traffic service's own answers ---------------------------------------------------------------------

    @Override
    void deadlinePassed() {
        if (answered || clientGone) {
            return;
        }
        if (ticket != null) {
            gate.cancel(ticket);
            ticket = null;
        }
        // marked answered first; the replica's slot is free before the client sees the 504
        answered = true;
        abortUpstream(); // cancels the request to the replica (HTTP/1.1: its connection is closed)
        release();
        answerOwn(
                504,
                RejectionReason.TIMEOUT,
                "no response from " + gate.deployment().name() + "/" + gate.component() + " within its timeout of "
                        + gate.policy().timeout().toMillis() / 1000.0 + " s");
    }

    private void expired(boolean coldStart) {
        ticket = null;
        if (answered || clientGone) {
            return;
        }
        answerOwn(
                503,
                coldStart ? RejectionReason.COLD_START_TIMEOUT : RejectionReason.TIMEOUT,
                coldStart
                        ? "no replica of " + gate.deployment().name() + "/" + gate.component()
                                + " became ready within the cold-start wait"
                        : "waited too long for a free replica of "
                                + gate.deployment().name() + "/" + gate.component());
    }

    private void answerOwn(int status, RejectionReason reason, String detail) {
        answered = true;
        cancelTimer();
        if (reason != null) {
            gate.meters().rejected(reason);
            gate.rejectedOne();
        }
        finish(status);
        client.answer(status, reason, detail, requestId, null);
    }

    void clientGone() {
        if (finished) {
            return;
        }
        clientGone = true;
        if (responseHead != null) {
            responseHead.release(); // nobody to send it to
            responseHead = null;
        }
        cancelTimer();
        if (ticket != null) {
            gate.cancel(ticket);
            ticket = null;
        }
        abortUpstream();
        release();
        finish(Headers.CLIENT_CLOSED);
    }

    // ---- bookkeeping -------------------------------------------------------------------------------------------

    private void abortUpstream() {
        UpstreamConnection c = upstream;
        upstream = null;
        sending = false;
        if (c != null) {
            c.detach();
            c.close();
        }
    }

    private void release() {
        Replica r = replica;
        if (r != null) {
            replica = null;
            gate.release(r);
        }
    }

    private void cancelTimer() {
        if (armed()) {
            loop.deadlines().remove(this);
        }
    }

    private void finish(int code) {
        if (finished) {
            return;
        }
        finished = true;
        gate.meters().request(code, System.nanoTime() - arrivedAt);
    }
}
