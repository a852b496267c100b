package dev.tiffin.deployment.service;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.Topics;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.domain.EventSubjects;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import dev.tiffin.deployment.persistence.ProcessedEventEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies one event of {@code tiffin.deployment.events} to the status projection, inside the caller's transaction,
 * at most once per event id. Events of a type this version does not know are skipped; events of deployments that are
 * not live are recorded as processed and otherwise ignored.
 */
@ApplicationScoped
public class ProjectionService {

    private static final Logger LOG = Logger.getLogger(ProjectionService.class);

    private final EventWriter writer;
    private final ProjectionUpdater projection;
    private final DeploymentMetrics metrics;
    private final Clock clock;

    public ProjectionService(EventWriter writer, ProjectionUpdater projection, DeploymentMetrics metrics, Clock clock) {
        this.writer = writer;
        this.projection = projection;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A readable event of a known deployment-events type, with its deployment; empty for types to skip. */
    public record Readable(CloudEvent event, EventType type, EventData data, DeploymentId deployment) {}

    /** Reads the data and subject of an event; an {@link UnreadableEventException} for the dead-letter topic. */
    public static Optional<Readable> read(CloudEvent event) {
        Optional<EventType> type = EventType.byType(event.type());
        if (type.isEmpty() || !Topics.DEPLOYMENT_EVENTS.equals(type.get().topic())) {
            return Optional.empty();
        }
        EventData data = EventCodec.dataAs(event, type.get().dataClass());
        DeploymentId deployment = EventSubjects.deploymentOf(event)
                .orElseThrow(() -> new UnreadableEventException(
                        "event " + event.id() + " has no deployment id (cluster/namespace/name) as subject"));
        return Optional.of(new Readable(event, type.get(), data, deployment));
    }

    public Uni<Void> handle(Readable in, String rawJson) {
        return ProcessedEventEntity.<ProcessedEventEntity>findById(in.event().id())
                .chain(seen -> {
                    if (seen != null) {
                        return Uni.createFrom().voidItem();
                    }
                    return ProcessedEventEntity.of(in.event().id(), clock.instant())
                            .persist()
                            .chain(() -> DeploymentEntity.findLiveForUpdate(in.deployment()))
                            .chain(deployment -> {
                                if (deployment == null) {
                                    LOG.debugf(
                                            "event %s of %s: no live deployment",
                                            in.event().id(), in.deployment());
                                    return Uni.createFrom().voidItem();
                                }
                                return writer.log(in.deployment(), rawJson)
                                        .chain(() -> projection.apply(deployment, in.data()))
                                        .invoke(() ->
                                                metrics.eventProjected(in.type().type()));
                            });
                });
    }
}
