package dev.tiffin.traffic.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.traffic.TrafficConfig;
import dev.tiffin.traffic.TrafficMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The data plane answers from its route table only once both the Kafka state and the cluster's endpoints are read. */
class RouteRegistryServingTest {

    private static TrafficConfig config() {
        return (TrafficConfig) Proxy.newProxyInstance(
                TrafficConfig.class.getClassLoader(),
                new Class<?>[] {TrafficConfig.class},
                (proxy, method, args) -> "cluster".equals(method.getName()) ? "local" : null);
    }

    @Test
    void servesOnlyOnceTheStateAndTheEndpointsAreReadAndThenForGood() {
        RouteRegistry registry = new RouteRegistry(new TrafficMetrics(new SimpleMeterRegistry(), config()));
        AtomicBoolean synced = new AtomicBoolean();
        registry.endpointsSyncedBy(synced::get);
        assertThat(registry.serving()).as("nothing read").isFalse();

        registry.stateCaughtUp();
        assertThat(registry.serving())
                .as("routes and tokens read, endpoints not listed")
                .isFalse();

        synced.set(true);
        assertThat(registry.serving()).isTrue();
        // an informer re-listing later does not take a serving instance out
        synced.set(false);
        assertThat(registry.serving()).isTrue();
    }

    @Test
    void endpointsListedBeforeTheStateIsReadAreNotEnough() {
        RouteRegistry registry = new RouteRegistry(new TrafficMetrics(new SimpleMeterRegistry(), config()));
        registry.endpointsSyncedBy(() -> true);

        assertThat(registry.serving()).isFalse();
        registry.stateCaughtUp();
        assertThat(registry.serving()).isTrue();
    }
}
