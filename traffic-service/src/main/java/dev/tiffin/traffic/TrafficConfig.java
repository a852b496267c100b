package dev.tiffin.traffic;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The traffic-service's settings ({@code tiffin.traffic.*}); the README lists them. */
@ConfigMapping(prefix = "tiffin.traffic")
public interface TrafficConfig {

    /** Public data-plane port (API servers); 0 = a free port (tests). */
    @WithDefault("8000")
    int port();

    /** Interface of the public listener. */
    @WithDefault("0.0.0.0")
    String host();

    /** Internal listener for runner routes (not exposed publicly); 0 = a free port. */
    @WithDefault("8001")
    int internalPort();

    @WithDefault("0.0.0.0")
    String internalHost();

    /** The registered cluster this instance serves; revisions of other clusters are ignored. */
    @WithDefault("local")
    String cluster();

    /** Base domain of host-based routes ({@code {name}.{namespace}.{base-domain}}); none = path prefixes only. */
    Optional<String> baseDomain();

    /** How long a request may wait for a replica (scaled to zero, waking up, or all replicas busy). */
    @WithDefault("5m")
    Duration coldStartWait();

    /** {@code Retry-After} (seconds) of a 503 queue_full answer. */
    @WithDefault("1")
    int retryAfterSeconds();

    /** How often MetricSampled is published per component. */
    @WithDefault("1s")
    Duration metricsInterval();

    /**
     * The data plane's own Netty event loops (each with its share of the connections and its upstream pool); 0 = one
     * per CPU core.
     */
    @WithDefault("0")
    int eventLoops();

    /** Pooled HTTP/1.1 connections per replica and event loop. */
    @WithDefault("256")
    int upstreamPoolSize();

    /**
     * How long an idle keep-alive connection to a replica is kept for the next request. Shorter than the replicas' own
     * keep-alive timeout (uvicorn's, under BentoML, is 5 s by default), so that the proxy never sends a request on a
     * connection the replica is closing at that moment.
     */
    @WithDefault("4s")
    Duration upstreamIdleTimeout();

    /** Connect timeout to a replica. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Identifies this instance in the CloudEvents {@code source} of its metric samples; default: the host name. */
    Optional<String> instanceId();

    /** Kubeconfig context to use (default: the kubeconfig's current context). */
    Optional<String> kubeContext();
}
