package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.TrafficMetrics;
import dev.tiffin.traffic.domain.TokenCache;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Starts the data plane: its own Netty event loops ({@code tiffin.traffic.event-loops}, default one per core; native
 * epoll where available, else NIO), the public listener ({@code tiffin.traffic.port}, default 8000) and the internal
 * runner listener ({@code tiffin.traffic.internal-port}, default 8001) on them, one {@link ProxyLoop} per loop, and the
 * timer that answers requests which waited longer than the cold-start wait. Quarkus' Vert.x serves only the
 * management endpoints ({@code /q/health}, {@code /q/metrics}).
 */
@ApplicationScoped
public class TrafficServer {

    private static final Logger LOG = Logger.getLogger(TrafficServer.class);
    private static final long EXPIRY_PERIOD_MS = 100;

    private final TrafficConfig config;
    private final RouteRegistry registry;
    private final TokenCache tokens;
    private final ActivationSink activations;
    private final TrafficMetrics metrics;
    private final Map<EventLoop, ProxyLoop> loops = new IdentityHashMap<>();
    private EventLoopGroup group;
    private Channel publicListener;
    private Channel internalListener;
    private ScheduledFuture<?> expiryTimer;
    private volatile int publicPort = -1;
    private volatile int internalPort = -1;

    public TrafficServer(
            TrafficConfig config,
            RouteRegistry registry,
            TokenCache tokens,
            ActivationSink activations,
            TrafficMetrics metrics) {
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
                config.upstreamIdleTimeout(),
                metrics.unknown());
        int threads = config.eventLoops() > 0
                ? config.eventLoops()
                : Runtime.getRuntime().availableProcessors();
        Transport transport = Transport.best();
        group = transport.group(threads);
        for (EventExecutor e : group) {
            EventLoop loop = (EventLoop) e;
            // the beans themselves, not their CDI client proxies: no context lookup on every request
            loops.put(
                    loop,
                    new ProxyLoop(
                            settings,
                            ClientProxy.unwrap(registry),
                            ClientProxy.unwrap(tokens),
                            Clock.systemUTC(),
                            ClientProxy.unwrap(activations),
                            loop,
                            transport));
        }
        publicListener = listen(transport, settings.host(), config.port(), false);
        internalListener = listen(transport, settings.internalHost(), config.internalPort(), true);
        publicPort = ((InetSocketAddress) publicListener.localAddress()).getPort();
        internalPort = ((InetSocketAddress) internalListener.localAddress()).getPort();
        long maxWait = config.coldStartWait().toNanos();
        expiryTimer = group.next()
                .scheduleAtFixedRate(
                        () -> {
                            long now = System.nanoTime();
                            for (LiveRoute route : registry.routes()) {
                                for (ComponentGate gate : route.gates().values()) {
                                    gate.expire(now, maxWait);
                                }
                            }
                        },
                        EXPIRY_PERIOD_MS,
                        EXPIRY_PERIOD_MS,
                        TimeUnit.MILLISECONDS);
        LOG.infof(
                "traffic service listening: public port %d, internal (runner) port %d, %d event loops (%s), cluster %s",
                publicPort, internalPort, threads, transport.name(), config.cluster());
    }

    private Channel listen(Transport transport, String host, int port, boolean internal) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ClientConnection(loops.get(ch.eventLoop()), internal));
                    }
                })
                .bind(host, port)
                .sync()
                .channel();
    }

    void stop(@Observes ShutdownEvent event) {
        if (group == null) {
            return;
        }
        if (expiryTimer != null) {
            expiryTimer.cancel(false);
        }
        try {
            if (publicListener != null) {
                publicListener.close().await(5, TimeUnit.SECONDS);
            }
            if (internalListener != null) {
                internalListener.close().await(5, TimeUnit.SECONDS);
            }
            loops.values().forEach(ProxyLoop::close);
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
