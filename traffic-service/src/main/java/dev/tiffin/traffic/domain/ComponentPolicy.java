package dev.tiffin.traffic.domain;

import dev.tiffin.contracts.spec.SpecDefaults;
import dev.tiffin.contracts.spec.TimeoutValue;
import dev.tiffin.contracts.spec.TrafficControl;
import java.time.Duration;

/**
 * The traffic controls of one component, as the proxy enforces them.
 *
 * @param timeout time from dispatch to a replica until the response must have started (504 after it)
 * @param maxQueue requests allowed to wait across all replicas, {@link #UNLIMITED} for no bound; 0 = never wait
 * @param maxConcurrency requests in flight per replica, {@link #UNLIMITED} for no limit
 */
public record ComponentPolicy(Duration timeout, int maxQueue, int maxConcurrency) {

    public static final int UNLIMITED = -1;

    public static final ComponentPolicy DEFAULT =
            new ComponentPolicy(Duration.ofSeconds(SpecDefaults.DEFAULT_TIMEOUT_SECONDS), UNLIMITED, UNLIMITED);

    public ComponentPolicy {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxQueue < UNLIMITED || maxConcurrency < UNLIMITED || maxConcurrency == 0) {
            throw new IllegalArgumentException("max_queue >= 0 and max_concurrency >= 1, or unlimited");
        }
    }

    /**
     * The policy of a spec's {@code traffic} block with {@link SpecDefaults#traffic} applied: timeout 60 s when absent
     * or unreadable, max_queue unlimited when absent, max_concurrency none when absent (or not positive).
     */
    public static ComponentPolicy of(TrafficControl traffic) {
        TrafficControl t = SpecDefaults.traffic(traffic);
        Duration timeout = t.timeout() == null
                ? DEFAULT.timeout()
                : t.timeout()
                        .duration()
                        .filter(d -> !d.isNegative() && !d.isZero())
                        .orElse(DEFAULT.timeout());
        int maxQueue = t.maxQueue() == null || t.maxQueue() < 0 ? UNLIMITED : t.maxQueue();
        int maxConcurrency = t.maxConcurrency() == null || t.maxConcurrency() < 1 ? UNLIMITED : t.maxConcurrency();
        return new ComponentPolicy(timeout, maxQueue, maxConcurrency);
    }

    public static ComponentPolicy of(TimeoutValue timeout, Integer maxQueue, Integer maxConcurrency) {
        return of(new TrafficControl(timeout, maxQueue, maxConcurrency));
    }

    public long timeoutNanos() {
        return timeout.toNanos();
    }

    public boolean queueUnlimited() {
        return maxQueue == UNLIMITED;
    }

    public boolean concurrencyUnlimited() {
        return maxConcurrency == UNLIMITED;
    }
}
