package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.domain.TokenCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
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
    private final List<String> deployments = new ArrayList<>();
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
        int loops = config.eventLoops() > 0
                ? config.eventLoops()
                : Runtime.getRuntime().availableProcessors();
        // every instance listens on the same ports (Vert.x shares them); 0 = pick a free one first (tests)
        int port = config.port() == 0 ? freePort(config.host()) : config.port();
        int internal = config.internalPort() == 0 ? freePort(config.internalHost()) : config.internalPort();
        for (int i = 0; i < loops; i++) {
            ProxyVerticle verticle =
                    new ProxyVerticle(settings, registry, tokens, Clock.systemUTC(), activations, port, internal);
            String id = vertx.deployVerticle(verticle, new DeploymentOptions())
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            deployments.add(id);
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
        for (String id : deployments) {
            vertx.undeploy(id);
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
