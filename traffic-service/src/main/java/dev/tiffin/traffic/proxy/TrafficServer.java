package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.domain.TokenCache;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the data plane on Quarkus' managed Vert.x: one {@link ProxyVerticle} per event loop sharing the public port
 * ({@code tiffin.traffic.port}, default 8000) and the internal runner port ({@code tiffin.traffic.internal-port},
 * default 8001), and the timer that answers requests which waited longer than the cold-start wait.
 *
 * <p>Each verticle is pinned to its own event loop (a context created on it), not left to Vert.x' round-robin
 * assignment of deployments: that one is shared with every other deployment of the process (Quarkus' HTTP server, the
 * messaging connectors) and put both proxies on one loop, so the data plane used one core of two.
 */
@ApplicationScoped
public class TrafficServer {

    private static final Logger LOG = Logger.getLogger(TrafficServer.class);
    private static final long EXPIRY_PERIOD_MS = 100;

    private final Vertx vertx;
    private final TrafficConfig config;
    private final RouteRegistry registry;
    private final TokenCache tokens;
    private final ActivationSink activations;
    private final TrafficMetrics metrics;
    private final List<ProxyVerticle> proxies = new ArrayList<>();
    private volatile int publicPort = -1;
    private volatile int internalPort = -1;
    private long expiryTimer = -1;

    public TrafficServer(
            Vertx vertx,
            TrafficConfig config,
            RouteRegistry registry,
            TokenCache tokens,
            ActivationSink activations,
            TrafficMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
        this.tokens = tokens;
        this.activations = activations;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) throws Exception {
        ProxySettings settings = new ProxySettings(
                config.host(),
                config.internalHost(),
                config.baseDomain().orElse(null),
                config.retryAfterSeconds(),
                config.connectTimeout(),
                config.upstreamPoolSize(),
                metrics.unknown());
        VertxInternal vx = (VertxInternal) vertx;
        List<EventLoop> eventLoops = new ArrayList<>();
        for (EventExecutor e : vx.nettyEventLoopGroup()) {
            eventLoops.add((EventLoop) e);
        }
        int loops = config.eventLoops() > 0
                ? config.eventLoops()
                : Math.min(Runtime.getRuntime().availableProcessors(), eventLoops.size());
        // every instance listens on the same ports (Vert.x shares them); 0 = pick a free one first (tests)
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        int internal = config.internalPort() == 0 ? freePort(config.internalHost()) : config.internalPort();
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (int i = 0; i < loops; i++) {
            ProxyVerticle verticle =
                    new ProxyVerticle(settings, registry, tokens, Clock.systemUTC(), activations, port, internal);
            ContextInternal context =
                    vx.createEventLoopContext(eventLoops.get(i % eventLoops.size()), vx.getWorkerPool(), tccl);
            verticle.init(vertx, context);
            Promise<Void> started = context.promise();
            context.runOnContext(v -> {
                try {
                    verticle.start(started);
                } catch (Exception e) {
                    started.tryFail(e);
                }
            });
            started.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            proxies.add(verticle);
        }
        publicPort = port;
        internalPort = internal;
        long maxWait = config.coldStartWait().toNanos();
        expiryTimer = vertx.setPeriodic(EXPIRY_PERIOD_MS, id -> {
            long now = System.nanoTime();
            for (LiveRoute route : registry.routes()) {
                for (ComponentGate gate : route.gates().values()) {
                    gate.expire(now, maxWait);
                }
            }
        });
        LOG.infof(
                "traffic service listening: public port %d, internal (runner) port %d, %d event loops, cluster %s",
                publicPort, internalPort, loops, config.cluster());
    }

    void stop(@Observes ShutdownEvent event) {
        if (expiryTimer != -1) {
            vertx.cancelTimer(expiryTimer);
        }
        List<Future<Void>> closing = new ArrayList<>();
        for (ProxyVerticle proxy : proxies) {
            closing.add(proxy.close());
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf(e, "closing the proxy listeners");
        }
    }

    private static int freePort(String host) throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** The public port actually bound (-1 before start). */
    public int publicPort() {
        return publicPort;
    }

    public int internalPort() {
        return internalPort;
    }

    public boolean listening() {
        return publicPort > 0;
    }
}
