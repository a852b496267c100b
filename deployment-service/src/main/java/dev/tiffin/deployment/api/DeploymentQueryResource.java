package dev.tiffin.deployment.api;

import dev.tiffin.contracts.api.DeploymentView;
import dev.tiffin.contracts.api.PageView;
import dev.tiffin.contracts.api.RevisionView;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.status.DeploymentStatus;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.contracts.validation.ViolationCodes;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import dev.tiffin.deployment.persistence.EventLogEntity;
import dev.tiffin.deployment.persistence.JsonColumns;
import dev.tiffin.deployment.persistence.RevisionEntity;
import dev.tiffin.service.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The read side of deployments (docs/internal-api.md): list, one, spec, revisions, recent events. */
@Path("/internal/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentQueryResource {

    private static final int MAX_PAGE_SIZE = 500;

    private final int eventLogSize;

    public DeploymentQueryResource(@ConfigProperty(name = "tiffin.event-log.size", defaultValue = "200") int size) {
        this.eventLogSize = size;
    }

    @GET
    @WithSession
    public Uni<PageView<DeploymentView>> list(
            @QueryParam("cluster") String cluster,
            @QueryParam("namespace") String namespace,
            @QueryParam("status") String status,
            @QueryParam("label") List<String> labels,
            @QueryParam("page") String pageParam,
            @QueryParam("page_size") String pageSizeParam) {
        int page = QueryParams.intParam("page", pageParam, 1, 1, Integer.MAX_VALUE);
        int pageSize = QueryParams.intParam("page_size", pageSizeParam, 50, 1, MAX_PAGE_SIZE);
        Map<String, String> wanted = labelFilter(labels);
        StringBuilder query = new StringBuilder("deleted = false");
        Parameters params = new Parameters();
        if (cluster != null && !cluster.isBlank()) {
            query.append(" and cluster = :cluster");
            params.and("cluster", cluster);
        }
        if (namespace != null && !namespace.isBlank()) {
            query.append(" and namespace = :namespace");
            params.and("namespace", namespace);
        }
        if (status != null && !status.isBlank()) {
            if (DeploymentStatus.parse(status).isEmpty()) {
                throw ProblemException.badRequest(
                        Violation.of("status", ViolationCodes.INVALID_VALUE, "unknown status '" + status + "'"));
            }
            query.append(" and status = :status");
            params.and("status", status);
        }
        return DeploymentEntity.<DeploymentEntity>find(
                        query.toString(), Sort.by("cluster").and("namespace").and("name"), params)
                .list()
                .map(all -> {
                    List<DeploymentEntity> matching = all.stream()
                            .filter(d -> d.labelMap().entrySet().containsAll(wanted.entrySet()))
                            .toList();
                    int from = (int) Math.min((long) (page - 1) * pageSize, matching.size());
                    int to = Math.min(from + pageSize, matching.size());
                    List<DeploymentView> items = new ArrayList<>();
                    for (DeploymentEntity d : matching.subList(from, to)) {
                        items.add(Views.deployment(d));
                    }
                    return new PageView<>(items, page, pageSize, matching.size());
                });
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}")
    @WithSession
    public Uni<DeploymentView> get(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return live(cluster, namespace, name).map(Views::deployment);
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}/spec")
    @WithSession
    public Uni<Response> spec(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return live(cluster, namespace, name)
                .map(d -> Response.ok(Views.shown(d.submittedSpec(), d))
                        .tag(new EntityTag(String.valueOf(d.latestRevision)))
                        .build());
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}/revisions")
    @WithSession
    public Uni<List<RevisionView>> revisions(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        return live(cluster, namespace, name)
                .chain(d -> RevisionEntity.newestFirst(d.id)
                        .map(list ->
                                list.stream().map(r -> Views.revision(r, d)).toList()));
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}/revisions/{revision}")
    @WithSession
    public Uni<RevisionView> revision(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @PathParam("revision") String revisionParam) {
        int number = QueryParams.intParam("revision", revisionParam, 0, 1, Integer.MAX_VALUE);
        return live(cluster, namespace, name)
                .chain(d -> RevisionEntity.findRevision(d.id, number).map(r -> {
                    if (r == null) {
                        throw ProblemException.notFound(
                                "the deployment " + d.deploymentId() + " has no revision " + number);
                    }
                    return Views.revision(r, d);
                }));
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}/events")
    @WithSession
    public Uni<List<CloudEvent>> events(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.intParam("limit", limitParam, 100, 1, eventLogSize);
        return live(cluster, namespace, name)
                .chain(d -> EventLogEntity.recent(d.deploymentKey, limit))
                .map(events -> events.stream()
                        .map(json -> JsonColumns.read(json, CloudEvent.class))
                        .toList());
    }

    private static Uni<DeploymentEntity> live(String cluster, String namespace, String name) {
        DeploymentId id = new DeploymentId(cluster, namespace, name);
        return DeploymentEntity.findLive(id).map(d -> {
            if (d == null) {
                throw ProblemException.notFound("no deployment " + id);
            }
            return d;
        });
    }

    private static Map<String, String> labelFilter(List<String> labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        if (labels == null) {
            return wanted;
        }
        for (String label : labels) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw ProblemException.badRequest(Violation.of(
                        "label", ViolationCodes.INVALID_FORMAT, "a label filter is key=value, not '" + label + "'"));
            }
            wanted.put(label.substring(0, eq), label.substring(eq + 1));
        }
        return wanted;
    }
}
