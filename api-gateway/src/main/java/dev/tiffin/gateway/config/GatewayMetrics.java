package dev.tiffin.gateway.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Every metric of the gateway:
 *
 * <ul>
 *   <li>{@code tiffin_gateway_writes_total{action,outcome}}: deployment writes by outcome (accepted, rejected_<reason>,
 *       published (wait=none), ready, rollout_failed, timeout, unavailable, idempotency_mismatch);
 *   <li>{@code tiffin_gateway_write_verdict_seconds{action}}: time from publishing a write to its verdict (histogram);
 *   <li>{@code tiffin_gateway_auth_failures_total{reason}}: requests refused for a missing/invalid token or a scope;
 *   <li>{@code tiffin_gateway_deployment_events_total}: events read from {@code tiffin.deployment.events}.
 * </ul>
 */
@ApplicationScoped
public class GatewayMetrics {

    private final MeterRegistry registry;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void write(String action, String outcome) {
        Counter.builder("tiffin.gateway.writes")
                .description("Deployment writes by action and outcome")
                .tag("action", action)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public void verdictLatency(String action, Duration latency) {
        Timer.builder("tiffin.gateway.write.verdict")
                .description("Time from publishing a deployment write to the deployment-service's verdict")
                .tag("action", action)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(latency);
    }

    public void authFailure(String reason) {
        Counter.builder("tiffin.gateway.auth.failures")
                .description("Requests refused: missing or invalid token (unauthenticated), missing scope (forbidden)")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void deploymentEvent() {
        Counter.builder("tiffin.gateway.deployment.events")
                .description("Events read from tiffin.deployment.events")
                .register(registry)
                .increment();
    }
}
