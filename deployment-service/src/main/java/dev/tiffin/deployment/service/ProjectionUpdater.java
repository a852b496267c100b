package dev.tiffin.deployment.service;

import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.domain.ProjectionResult;
import dev.tiffin.deployment.domain.StatusProjection;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** Applies an event to a (locked, managed) deployment's projection and publishes the status change, if any. */
@ApplicationScoped
public class ProjectionUpdater {

    private final EventWriter writer;
    private final DeploymentMetrics metrics;
    private final Clock clock;

    public ProjectionUpdater(EventWriter writer, DeploymentMetrics metrics, Clock clock) {
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<Void> apply(DeploymentEntity deployment, EventData event) {
        ProjectionResult result =
                StatusProjection.apply(deployment.deploymentId(), deployment.projectionState(), event);
        deployment.projectionState(result.state());
        deployment.updatedAt = clock.instant();
        if (result.statusChanged().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return writer.write(deployment.deploymentId(), result.statusChanged().get())
                .invoke(() -> metrics.statusChanged(result.statusChanged().get().to()))
                .replaceWithVoid();
    }
}
