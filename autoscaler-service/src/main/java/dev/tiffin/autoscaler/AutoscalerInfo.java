package dev.tiffin.autoscaler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes {@code tiffin_autoscaler_info} (value 1, labelled with the version) so that dashboards can tell which
 * version of the autoscaler-service runs where, and logs the start.
 */
@ApplicationScoped
public class AutoscalerInfo {

    private final String version;

    AutoscalerInfo(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        Gauge.builder("tiffin_autoscaler_info", () -> 1)
                .description("Always 1; the version label tells which build runs")
                .tag("version", version)
                .register(registry);
    }
}
