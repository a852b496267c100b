package dev.tiffin.traffic.proxy;

import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.traffic.TrafficMetrics.ComponentMeters;
import dev.tiffin.traffic.domain.AccessDecision;
import dev.tiffin.traffic.domain.DeploymentRoute;
import dev.tiffin.traffic.domain.RejectionReason;
import dev.tiffin.traffic.domain.Replica;
import dev.tiffin.traffic.domain.RequestTarget;
import dev.tiffin.traffic.domain.TokenCache;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One event loop's share of the data plane: a listener on the public port and one on the internal (runner) port (the
 * ports are shared by every instance; Vert.x spreads the connections over them), and its own pooled HTTP/1.1 client
 * to the replicas, so that a request and its upstream connection always live on the same event loop. Started by
 * {@link TrafficServer} on a context of the event loop it is pinned to.
 */
final class ProxyVerticle extends AbstractVerticle {

    private final ProxySettings settings;
    private final RouteRegistry registry;
    private final TokenCache tokens;
    private final Clock clock;
    private final ActivationSink activations;
    private final int publicPort;
    private final int internalPort;
    private HttpClient client;
    private HttpServer publicServer;
    private HttpServer internalServer;
    private Thread loop;
    private Context loopContext;
    private Deadlines deadlines;
    /** The socket address of each replica this loop sent to (weak: replicas that left the pool are forgotten). */
    private final Map<Replica, SocketAddress> servers = new WeakHashMap<>();

    ProxyVerticle(
            ProxySettings settings,
            RouteRegistry registry,
            TokenCache tokens,
            Clock clock,
            ActivationSink activations,
            int publicPort,
            int internalPort) {
        this.settings = settings;
        this.registry = registry;
        this.tokens = tokens;
        this.clock = clock;
        this.activations = activations;
        this.publicPort = publicPort;
        this.internalPort = internalPort;
    }

    @Override
    public void start(Promise<Void> started) {
        loop = Thread.currentThread();
        loopContext = context;
        deadlines = new Deadlines(vertx);
        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(30)
                        .setPipelining(false)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false)
                        .setConnectTimeout((int) settings.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(settings.upstreamPoolSize()).setMaxWaitQueueSize(-1));
        HttpServerOptions options = new HttpServerOptions()
                .setTcpNoDelay(true)
                .setCompressionSupported(false)
                .setHandle100ContinueAutomatically(true)
                .setHttp2ClearTextEnabled(false);
        publicServer = vertx.createHttpServer(options).requestHandler(r -> handle(r, false));
        internalServer = vertx.createHttpServer(options).requestHandler(r -> handle(r, true));
        publicServer
                .listen(publicPort, settings.host())
                .compose(s -> internalServer.listen(internalPort, settings.internalHost()))
                .<Void>mapEmpty()
                .onComplete(started);
    }

    /** Stops listening and closes the upstream connections. */
    Future<Void> close() {
        return Future.join(publicServer.close(), internalServer.close(), client.close())
                .mapEmpty();
    }

    int publicPort() {
        return publicServer.actualPort();
    }

    int internalPort() {
        return internalServer.actualPort();
    }

    HttpClient client() {
        return client;
    }

    /** The response-start deadlines of this loop's requests (one timer for all of them). */
    Deadlines deadlines() {
        return deadlines;
    }

    /** The address of {@code replica}, resolved once per loop (Vert.x would parse the IP literal on every request). */
    SocketAddress server(Replica replica) {
        SocketAddress address = servers.get(replica);
        if (address == null) {
            address = SocketAddress.inetSocketAddress(replica.port(), replica.host());
            servers.put(replica, address);
        }
        return address;
    }

    /** Runs {@code task} on this verticle's event loop: at once when already there, else queued to it. */
    void onLoop(Runnable task) {
        if (Thread.currentThread() == loop) {
            task.run();
        } else {
            loopContext.runOnContext(v -> task.run());
        }
    }

    void activationRequested(ComponentGate gate) {
        activations.requested(gate);
    }

    private void handle(HttpServerRequest req, boolean internal) {
        long now = System.nanoTime();
        String requestId = requestId(req);
        if (!registry.serving()) {
            registryMeters().rejected(RejectionReason.STARTING);
            problem(
                    req,
                    503,
                    RejectionReason.STARTING,
                    "the traffic service is starting: its routes, tokens and endpoints are not read yet",
                    requestId);
            registryMeters().request(503, System.nanoTime() - now);
            return;
        }
        String uri = req.uri();
        RequestTarget target = internal
                ? RequestTarget.parseInternal(uri)
                : RequestTarget.parsePublic(host(req), uri, settings.baseDomain());
        if (target == null) {
            notFound(
                    req,
                    now,
                    internal
                            ? "no route: the internal listener serves /{namespace}/{deployment}/{runner}/..."
                            : "no route: call /{namespace}/{deployment}/... or {deployment}.{namespace}.{base domain}",
                    requestId);
            return;
        }
        LiveRoute live = registry.route(target.namespace(), target.name());
        ComponentGate gate = live == null ? null : live.gate(target.component());
        if (gate == null || (internal && DeploymentRoute.API_SERVER.equals(target.component()))) {
            notFound(
                    req,
                    now,
                    live == null
                            ? "no deployment " + target.namespace() + "/" + target.name() + " on this cluster"
                            : "no runner " + target.component() + " in deployment " + target.namespace() + "/"
                                    + target.name(),
                    requestId);
            return;
        }
        DeploymentRoute route = live.route();
        if (!internal) {
            AccessDecision access = AccessDecision.decide(
                    route.access(),
                    req.getHeader(HttpHeaders.AUTHORIZATION),
                    tokens,
                    route.id().key(),
                    clock.instant());
            if (access != AccessDecision.ALLOWED) {
                denied(req, gate, access, now, requestId);
                return;
            }
        }
        if (route.terminated()) {
            problem(req, 503, null, "the deployment " + route.id().name() + " is terminated", requestId);
            gate.meters().request(503, System.nanoTime() - now);
            return;
        }
        boolean hasBody = req.headers().contains(HttpHeaders.TRANSFER_ENCODING)
                || (req.headers().contains(HttpHeaders.CONTENT_LENGTH)
                        && !"0".equals(req.getHeader(HttpHeaders.CONTENT_LENGTH)));
        if (hasBody) {
            req.pause(); // streamed to the replica once dispatched; held back (TCP back-pressure) while queued
        }
        new Exchange(
                        this,
                        req,
                        gate,
                        target.path(),
                        now,
                        requestId,
                        hasBody,
                        !internal && route.access() == AccessType.PROTECTED)
                .start();
    }

    private void denied(HttpServerRequest req, ComponentGate gate, AccessDecision access, long now, String requestId) {
        HttpServerResponse out = req.response();
        int status;
        RejectionReason reason;
        String detail;
        switch (access) {
            case FORBIDDEN -> {
                status = 403;
                reason = RejectionReason.FORBIDDEN;
                detail = "the token does not grant endpoints:invoke on this deployment";
                out.putHeader(
                        Headers.WWW_AUTHENTICATE,
                        "Bearer realm=\"tiffin\", error=\"insufficient_scope\", scope=\"endpoints:invoke\"");
            }
            case MISSING_TOKEN -> {
                status = 401;
                reason = RejectionReason.UNAUTHORIZED;
                detail = "this deployment is protected: send Authorization: Bearer <token>";
                out.putHeader(Headers.WWW_AUTHENTICATE, "Bearer realm=\"tiffin\"");
            }
            default -> {
                status = 401;
                reason = RejectionReason.UNAUTHORIZED;
                detail = "the token is invalid, expired or revoked";
                out.putHeader(Headers.WWW_AUTHENTICATE, "Bearer realm=\"tiffin\", error=\"invalid_token\"");
            }
        }
        gate.meters().rejected(reason);
        gate.rejectedOne();
        problem(req, status, reason, detail, requestId);
        gate.meters().request(status, System.nanoTime() - now);
    }

    private void notFound(HttpServerRequest req, long now, String detail, String requestId) {
        registryMeters().rejected(RejectionReason.NOT_FOUND);
        problem(req, 404, RejectionReason.NOT_FOUND, detail, requestId);
        registryMeters().request(404, System.nanoTime() - now);
    }

    private ComponentMeters registryMeters() {
        return settings.unknownMeters();
    }

    /** Answers with an RFC 9457 problem; a 503 queue_full carries {@code Retry-After}. */
    void problem(HttpServerRequest req, int status, RejectionReason reason, String detail, String requestId) {
        HttpServerResponse out = req.response();
        if (out.closed() || out.ended()) {
            return;
        }
        if (!req.isEnded()) {
            req.resume(); // the unread body is discarded
        }
        out.setStatusCode(status);
        out.putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
        out.putHeader(Headers.X_REQUEST_ID, requestId);
        if (reason == RejectionReason.QUEUE_FULL || reason == RejectionReason.STARTING) {
            out.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(settings.retryAfterSeconds()));
        }
        out.end(Problems.body(status, detail, reason, requestId));
    }

    private static String host(HttpServerRequest req) {
        HostAndPort authority = req.authority();
        return authority == null ? null : authority.host();
    }

    private static String requestId(HttpServerRequest req) {
        String given = req.getHeader(Headers.X_REQUEST_ID);
        if (given != null && !given.isEmpty() && given.length() <= 200 && printable(given)) {
            return given;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[32];
        long hi = random.nextLong();
        long lo = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
        }
        return new String(id, StandardCharsets.ISO_8859_1); // Latin-1 bytes are the String's own: one copy, no char[]
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
