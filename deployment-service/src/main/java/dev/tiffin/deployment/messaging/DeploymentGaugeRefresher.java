package dev.tiffin.deployment.messaging;

import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.config.DeploymentMetrics.UnhealthyDeployment;
import dev.tiffin.deployment.domain.StatusNames;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every {@code tiffin.deployment.gauge-interval} (10 s) reads the status projection for the gauges: live deployments
 * by status ({@code tiffin_deployment_deployments}) and the deployments that are unhealthy or failed now
 * ({@code tiffin_deployment_unhealthy_deployment}, one series each); and a second after events were projected
 * ({@link #refreshSoon()}), so a deployment that fails shows up at once (at most one extra refresh a second).
 */
@ApplicationScoped
public class DeploymentGaugeRefresher {

    private static final Logger LOG = Logger.getLogger(DeploymentGaugeRefresher.class);

    private static final List<String> UNHEALTHY = List.of(StatusNames.UNHEALTHY, StatusNames.FAILED);

    private final DeploymentMetrics metrics;
    private final Duration interval;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ScheduledExecutorService scheduler;

    public DeploymentGaugeRefresher(
            DeploymentMetrics metrics,
            @ConfigProperty(name = "tiffin.deployment.gauge-interval", defaultValue = "10s") Duration interval) {
        this.metrics = metrics;
        this.interval = interval;
    }

    void start(@Observes StartupEvent ignored) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tiffin-deployment-gauges");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::refresh, 1_000, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Refreshes a second from now (coalesced: one refresh however many events ask for it meanwhile). */
    public void refreshSoon() {
        ScheduledExecutorService s = scheduler;
        if (s != null && pending.compareAndSet(false, true)) {
            s.schedule(
                    () -> {
                        pending.set(false);
                        refresh();
                    },
                    1,
                    TimeUnit.SECONDS);
        }
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
            List<Object[]> unhealthy =
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> DeploymentEntity.getSession()
                            .chain(s -> s.createSelectionQuery(
                                            "select cluster, namespace, name, status from DeploymentEntity"
                                                    + " where deleted = false and status in (:statuses)",
                                            Object[].class)
                                    .setParameter("statuses", UNHEALTHY)
                                    .getResultList())));
            Set<UnhealthyDeployment> now = new HashSet<>();
            for (Object[] row : unhealthy) {
                now.add(new UnhealthyDeployment((String) row[0], (String) row[1], (String) row[2], (String) row[3]));
            }
            metrics.unhealthyDeployments(now);
        } catch (Throwable t) {
            LOG.debugf("refreshing the deployment gauges failed: %s", t.toString());
        }
    }
}
