package dev.tiffin.deployment.messaging;

import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Counts live deployments by status every 10 s for the {@code tiffin_deployment_deployments} gauge. */
@ApplicationScoped
public class DeploymentGaugeRefresher {

    private static final Logger LOG = Logger.getLogger(DeploymentGaugeRefresher.class);

    private final DeploymentMetrics metrics;
    private ScheduledExecutorService scheduler;

    public DeploymentGaugeRefresher(DeploymentMetrics metrics) {
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent ignored) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiffin-deployment-gauges");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 1, 10, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    void refresh() {
        try {
            List<Object[]> rows =
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> DeploymentEntity.getSession()
                            .chain(s -> s.createSelectionQuery(
                                            "select status, count(*) from DeploymentEntity where deleted = false group by status",
                                            Object[].class)
                                    .getResultList())));
            Map<String, Long> counts = new HashMap<>();
            for (Object[] row : rows) {
                counts.put((String) row[0], ((Number) row[1]).longValue());
            }
            metrics.deploymentsByStatus(counts);
        } catch (Throwable t) {
            LOG.debugf("refreshing the deployment gauges failed: %s", t.toString());
        }
    }
}
