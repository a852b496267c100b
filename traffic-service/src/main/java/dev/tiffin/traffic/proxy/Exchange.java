package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.ComponentQueue;
import dev.tiffin.traffic.domain.ComponentQueue.Admission;
import dev.tiffin.traffic.domain.ComponentQueue.Ticket;
import dev.tiffin.traffic.domain.RejectionReason;
import dev.tiffin.traffic.domain.Replica;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.util.Map;

/**
 * One proxied request, from admission to the end of the response. Every method runs on the event loop that received
 * the request (work handed over by other threads goes through {@link ProxyVerticle#onLoop}), so the state needs no
 * locking. The replica slot taken at dispatch is released exactly once: when the response has been streamed, the
 * upstream failed, the timeout fired or the client went away.
 */
final class Exchange extends Deadlines.Entry {

    /** Connection attempts per request: a refused connection (nothing sent) is retried on another replica. */
    private static final int MAX_ATTEMPTS = 3;

    private final ProxyVerticle proxy;
    private final HttpServerRequest req;
    private final ComponentGate gate;
    private final String path;
    private final long arrivedAt;
    private final String requestId;
    private final boolean hasBody;
    private final boolean stripAuthorization;
    private Ticket<Exchange> ticket;
    private Replica replica;
    private HttpClientRequest upstream;
    private boolean clockStarted;
    private boolean answered;
    private boolean finished;
    private boolean clientGone;
    private int attempts;

    Exchange(
            ProxyVerticle proxy,
            HttpServerRequest req,
            ComponentGate gate,
            String path,
            long arrivedAt,
            String requestId,
            boolean hasBody,
            boolean stripAuthorization) {
        this.proxy = proxy;
        this.req = req;
        this.gate = gate;
        this.path = path;
        this.arrivedAt = arrivedAt;
        this.requestId = requestId;
        this.hasBody = hasBody;
        this.stripAuthorization = stripAuthorization;
    }

    void start() {
        req.response().closeHandler(v -> clientGone());
        Admission<Exchange> a = gate.admit(this, arrivedAt);
        if (a.activate()) {
            proxy.activationRequested(gate);
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
        proxy.onLoop(() -> dispatch(r));
    }

    void expiredLater(boolean coldStart) {
        proxy.onLoop(() -> expired(coldStart));
    }

    void closedLater(int status, String detail) {
        proxy.onLoop(() -> {
            ticket = null;
            if (!answered && !clientGone) {
                answerOwn(status, status == 404 ? RejectionReason.NOT_FOUND : null, detail);
            }
        });
    }

    // ---- upstream ----------------------------------------------------------------------------------------------

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
            proxy.deadlines().add(this, gate.timeoutNanos(), System.nanoTime());
        }
        RequestOptions options = new RequestOptions()
                .setServer(proxy.server(r))
                .setHost(r.host())
                .setPort(r.port())
                .setMethod(req.method())
                .setURI(path);
        proxy.client().request(options).onComplete(ar -> {
            if (ar.succeeded()) {
                send(ar.result());
            } else {
                connectFailed(r);
            }
        });
    }

    private void send(HttpClientRequest request) {
        if (answered || clientGone) {
            request.reset();
            release();
            return;
        }
        upstream = request;
        copyRequestHeaders(req.headers(), request.headers());
        Future<HttpClientResponse> response = hasBody ? request.send(req) : request.send();
        response.onComplete(ar -> {
            if (ar.succeeded()) {
                respond(ar.result());
            } else {
                upstreamFailed();
            }
        });
    }

    private void respond(HttpClientResponse response) {
        cancelTimer();
        if (answered || clientGone) {
            response.request().reset();
            release();
            return;
        }
        answered = true;
        int status = response.statusCode();
        HttpServerResponse out = req.response();
        out.setStatusCode(status);
        copyResponseHeaders(response.headers(), out.headers());
        out.headers().set(Headers.X_REQUEST_ID, requestId);
        boolean bodyless = req.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200;
        if (!bodyless && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            out.setChunked(true);
        }
        response.pipeTo(out).onComplete(ar -> {
            release();
            if (ar.failed() && upstream != null) {
                upstream.reset();
            }
            finish(clientGone ? Headers.CLIENT_CLOSED : status);
        });
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

    private void upstreamFailed() {
        release();
        if (answered) {
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
        // marked answered first, so that the failure the reset causes is not answered again; the replica's slot is
        // free before the client sees the 504
        answered = true;
        if (upstream != null) {
            upstream.reset(); // cancels the request to the replica (HTTP/1.1: its connection is closed)
        }
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
        proxy.problem(req, status, reason, detail, requestId);
        finish(status);
    }

    private void clientGone() {
        if (finished) {
            return;
        }
        clientGone = true;
        cancelTimer();
        if (ticket != null) {
            gate.cancel(ticket);
            ticket = null;
        }
        if (upstream != null) {
            upstream.reset();
        }
        if (!answered) {
            finish(Headers.CLIENT_CLOSED);
        }
    }

    // ---- bookkeeping -------------------------------------------------------------------------------------------

    private void release() {
        Replica r = replica;
        if (r != null) {
            replica = null;
            gate.release(r);
        }
    }

    private void cancelTimer() {
        if (armed()) {
            proxy.deadlines().remove(this);
        }
    }

    private void finish(int code) {
        if (finished) {
            return;
        }
        finished = true;
        gate.meters().request(code, System.nanoTime() - arrivedAt);
    }

    private void copyRequestHeaders(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> h : from) {
            String name = h.getKey();
            if (Headers.hopByHop(name)
                    || name.equalsIgnoreCase("host")
                    || name.equalsIgnoreCase("expect")
                    || name.equalsIgnoreCase(Headers.X_REQUEST_ID)) {
                continue;
            }
            if (name.equalsIgnoreCase("authorization") && (stripAuthorization || Headers.isTiffinToken(h.getValue()))) {
                continue;
            }
            to.add(name, h.getValue());
        }
        Headers.removeConnectionTokens(from, to);
        to.set(Headers.X_REQUEST_ID, requestId);
        String forwardedFor = from.get(Headers.X_FORWARDED_FOR);
        String client = req.remoteAddress() == null ? null : req.remoteAddress().host();
        if (client != null) {
            to.set(Headers.X_FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
        }
        if (!from.contains(Headers.X_FORWARDED_HOST) && req.authority() != null) {
            to.set(Headers.X_FORWARDED_HOST, req.authority().toString());
        }
        if (!from.contains(Headers.X_FORWARDED_PROTO)) {
            to.set(Headers.X_FORWARDED_PROTO, "http"); // the listeners are plain HTTP (TLS ends in front of them)
        }
    }

    private static void copyResponseHeaders(MultiMap from, MultiMap to) {
        for (Map.Entry<String, String> h : from) {
            if (!Headers.hopByHop(h.getKey())) {
                to.add(h.getKey(), h.getValue());
            }
        }
        Headers.removeConnectionTokens(from, to);
    }
}
