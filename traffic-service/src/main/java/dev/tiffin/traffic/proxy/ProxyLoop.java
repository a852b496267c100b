package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.Replica;
import dev.tiffin.traffic.domain.TokenCache;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the data plane: the client connections Netty assigned to it, its upstream connection pool
 * (so a request and its upstream connection always live on the same loop), and the response-start deadlines of its
 * requests. Everything but {@link #onLoop} is called on the loop itself.
 */
final class ProxyLoop {

    private static final long SWEEP_MILLIS = 1000;

    final ProxySettings settings;
    final RouteRegistry registry;
    final TokenCache tokens;
    final Clock clock;
    private final ActivationSink activations;
    private final EventLoop loop;
    private final Deadlines deadlines;
    private final UpstreamPool pool;
    private final Bootstrap upstream;

    ProxyLoop(
            ProxySettings settings,
            RouteRegistry registry,
            TokenCache tokens,
            Clock clock,
            ActivationSink activations,
            EventLoop loop,
            Transport transport) {
        this.settings = settings;
        this.registry = registry;
        this.tokens = tokens;
        this.clock = clock;
        this.activations = activations;
        this.loop = loop;
        this.deadlines = new Deadlines(loop);
        this.pool = new UpstreamPool(
                settings.upstreamPoolSize(), settings.upstreamIdleTimeout().toNanos());
        this.upstream = new Bootstrap()
                .group(loop)
                .channel(transport.channel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new UpstreamConnection(replicaOf(ch)));
                    }
                });
        loop.scheduleAtFixedRate(
                () -> pool.sweep(System.nanoTime()), SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static final io.netty.util.AttributeKey<Replica> REPLICA = io.netty.util.AttributeKey.valueOf("replica");

    private static Replica replicaOf(Channel ch) {
        return ch.attr(REPLICA).get();
    }

    /** The response-start deadlines of this loop's requests (one timer for all of them). */
    Deadlines deadlines() {
        return deadlines;
    }

    UpstreamPool pool() {
        return pool;
    }

    /** Opens a new connection to {@code replica} on this loop. */
    ChannelFuture connect(Replica replica) throws UnknownHostException {
        return upstream.clone().attr(REPLICA, replica).connect(pool.address(replica));
    }

    /** Runs {@code task} on this loop: at once when already there, else queued to it. */
    void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    void activationRequested(ComponentGate gate) {
        activations.requested(gate);
    }

    void close() {
        onLoop(pool::closeAll);
    }
}
