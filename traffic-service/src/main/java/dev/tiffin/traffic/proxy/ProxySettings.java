package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.TrafficMetrics.ComponentMeters;
import java.time.Duration;

/** What the proxy verticles need of the configuration. */
record ProxySettings(
        String host,
        String internalHost,
        String baseDomain,
        int retryAfterSeconds,
        Duration connectTimeout,
        int upstreamPoolSize,
        Duration upstreamIdleTimeout,
        ComponentMeters unknownMeters) {}
