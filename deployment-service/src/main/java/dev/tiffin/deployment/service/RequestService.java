package dev.tiffin.deployment.service;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.UnreadableEventException;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.EventData;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.deployment.config.DeploymentMetrics;
import dev.tiffin.deployment.domain.CurrentDeployment;
import dev.tiffin.deployment.domain.Decision;
import dev.tiffin.deployment.domain.ProjectionState;
import dev.tiffin.deployment.domain.RequestDecider;
import dev.tiffin.deployment.domain.StatusNames;
import dev.tiffin.deployment.domain.StoredRevision;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import dev.tiffin.deployment.persistence.JsonColumns;
import dev.tiffin.deployment.persistence.RequestVerdictEntity;
import dev.tiffin.deployment.persistence.RevisionEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Processes one {@code DeploymentRequested} inside the caller's transaction: a request id seen before re-publishes
 * its stored verdict; otherwise the {@link RequestDecider} decides against the stored state and catalogs, and the
 * revision, the verdict, the events (outbox) and the status projection are written together.
 */
@ApplicationScoped
public class RequestService {

    private static final Logger LOG = Logger.getLogger(RequestService.class);

    private final RequestDecider decider;
    private final CatalogService catalogs;
    private final EventWriter writer;
    private final ProjectionUpdater projection;
    private final DeploymentMetrics metrics;
    private final Clock clock;

    public RequestService(
            RequestDecider decider,
            CatalogService catalogs,
            EventWriter writer,
            ProjectionUpdater projection,
            DeploymentMetrics metrics,
            Clock clock) {
        this.decider = decider;
        this.catalogs = catalogs;
        this.writer = writer;
        this.projection = projection;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The request in a CloudEvent; an {@link UnreadableEventException} when it is not one this service can read. */
    public static DeploymentRequested readRequest(CloudEvent event) {
        if (!EventType.DEPLOYMENT_REQUESTED.type().equals(event.type())) {
            throw new UnreadableEventException("not a deployment request: " + event.type());
        }
        DeploymentRequested request = EventCodec.dataAs(event, DeploymentRequested.class);
        if (request.requestId() == null || request.action() == null || request.deployment() == null) {
            throw new UnreadableEventException(
                    "deployment request " + event.id() + " lacks request_id, action or deployment");
        }
        return request;
    }

    public Uni<Void> handle(DeploymentRequested request) {
        return RequestVerdictEntity.<RequestVerdictEntity>findById(request.requestId())
                .chain(seen -> seen != null ? republish(request, seen) : decide(request));
    }

    private Uni<Void> republish(DeploymentRequested request, RequestVerdictEntity seen) {
        LOG.debugf("request %s seen before: re-publishing its verdict", request.requestId());
        Class<? extends EventData> type = EventType.byType(seen.eventType)
                .orElseThrow(() -> new IllegalStateException("stored verdict of unknown type " + seen.eventType))
                .dataClass();
        EventData data = JsonColumns.read(seen.eventData, type);
        return writer.write(DeploymentId.parse(seen.deploymentKey), data)
                .invoke(() -> metrics.requestProcessed(request.action().name(), "duplicate"))
                .replaceWithVoid();
    }

    private Uni<Void> decide(DeploymentRequested request) {
        return DeploymentEntity.findLiveForUpdate(request.deployment())
                .chain(deployment -> current(deployment, request)
                        .chain(current -> catalogs.snapshot(bentoRepository(request))
                                .map(catalog -> decider.decide(request, current, catalog, clock.instant())))
                        .chain(decision -> store(request, deployment, decision)));
    }

    private static Optional<String> bentoRepository(DeploymentRequested request) {
        if (request.spec() == null) {
            return Optional.empty();
        }
        return BentoRef.tryParse(request.spec().bento()).map(BentoRef::repository);
    }

    private static Uni<Optional<CurrentDeployment>> current(DeploymentEntity deployment, DeploymentRequested request) {
        if (deployment == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return RevisionEntity.findRevision(deployment.id, deployment.latestRevision)
                .chain(latest -> {
                    if (request.action() != DeploymentAction.rollback) {
                        return Uni.createFrom()
                                .item(Optional.of(new CurrentDeployment(
                                        deployment.deploymentId(),
                                        latest.toStored(),
                                        Optional.empty(),
                                        deployment.projectionState())));
                    }
                    int target = RequestDecider.rollbackTarget(request, deployment.latestRevision);
                    return RevisionEntity.findRevision(deployment.id, target)
                            .map(t -> Optional.of(new CurrentDeployment(
                                    deployment.deploymentId(),
                                    latest.toStored(),
                                    Optional.ofNullable(t).map(RevisionEntity::toStored),
                                    deployment.projectionState())));
                });
    }

    private Uni<Void> store(DeploymentRequested request, DeploymentEntity existing, Decision decision) {
        Instant now = clock.instant();
        Uni<DeploymentEntity> deployment = decision.newRevision()
                .map(revision -> saveRevision(request.deployment(), existing, revision, now))
                .orElse(Uni.createFrom().item(existing));
        return deployment
                .chain(d ->
                        saveVerdict(request, decision, now).chain(() -> writeEvents(request.deployment(), d, decision)))
                .invoke(() -> {
                    metrics.requestProcessed(
                            request.action().name(), decision.verdict().outcome());
                    LOG.infof(
                            "request %s (%s %s): %s, revision %s%s",
                            request.requestId(),
                            request.action(),
                            request.deployment(),
                            decision.verdict().outcome(),
                            decision.verdict().revision(),
                            decision.accepted() ? "" : ", " + decision.verdict().reason());
                });
    }

    private Uni<DeploymentEntity> saveRevision(
            DeploymentId id, DeploymentEntity existing, StoredRevision revision, Instant now) {
        DeploymentEntity d = existing;
        if (d == null) {
            d = new DeploymentEntity();
            d.deploymentKey = id.key();
            d.cluster = id.cluster();
            d.namespace = id.namespace();
            d.name = id.name();
            d.createdAt = now;
            d.status = StatusNames.DEPLOYING;
            d.projection = JsonColumns.write(ProjectionState.initial());
        }
        d.latestRevision = revision.revision();
        d.spec = JsonColumns.write(revision.submittedSpec());
        d.bento = revision.bento().tag();
        Map<String, String> labels = revision.effectiveSpec().labels();
        d.labels = JsonColumns.write(labels == null ? Map.of() : labels);
        d.updatedAt = now;
        DeploymentEntity saved = d;
        Uni<DeploymentEntity> persisted =
                existing == null ? d.persist() : Uni.createFrom().item(d);
        return persisted.chain(
                p -> RevisionEntity.of(saved.id, revision).persist().replaceWith(saved));
    }

    private static Uni<Void> saveVerdict(DeploymentRequested request, Decision decision, Instant now) {
        EventData verdictEvent = decision.events().get(0);
        RequestVerdictEntity v = new RequestVerdictEntity();
        v.requestId = request.requestId();
        v.deploymentKey = request.deployment().key();
        v.verdict = JsonColumns.write(decision.verdict());
        v.eventType = EventType.of(verdictEvent.getClass()).type();
        v.eventData = JsonColumns.write(verdictEvent);
        v.processedAt = now;
        return v.persist().replaceWithVoid();
    }

    private Uni<Void> writeEvents(DeploymentId id, DeploymentEntity deployment, Decision decision) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (EventData event : decision.events()) {
            chain = chain.chain(() -> writer.write(id, event))
                    .chain(() ->
                            deployment == null ? Uni.createFrom().voidItem() : projection.apply(deployment, event));
        }
        return chain;
    }
}
