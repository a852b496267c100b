package dev.tiffin.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.importer.ImportResult;
import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.SpecValidator;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.gateway.client.DeploymentService;
import dev.tiffin.gateway.domain.EventResume;
import dev.tiffin.gateway.domain.MergePatch;
import dev.tiffin.gateway.domain.Scope;
import dev.tiffin.gateway.messaging.EventHub;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Deployments, identified by (cluster, namespace, name): writes become {@code DeploymentRequested} events, reads are
 * the deployment-service's answers.
 */
@Path("/v1/deployments")
@Tag(name = "deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentsResource {

    private final DeploymentService deployments;
    private final DeploymentWrites writes;
    private final Identities identities;
    private final SpecImport importer;
    private final CurrentCaller caller;
    private final EventHub hub;

    public DeploymentsResource(
            DeploymentService deployments,
            DeploymentWrites writes,
            Identities identities,
            SpecImport importer,
            CurrentCaller caller,
            EventHub hub) {
        this.deployments = deployments;
        this.writes = writes;
        this.identities = identities;
        this.importer = importer;
        this.caller = caller;
        this.hub = hub;
    }

    // ---- writes ------------------------------------------------------------------------------------------------

    @POST
    @Consumes({MediaType.APPLICATION_JSON, Http.YAML, "application/x-yaml", "text/yaml", "text/x-yaml"})
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Create a deployment from a canonical or BentoML v1/v2 document (JSON or YAML)")
    public Uni<Response> create(
            String body,
            @RestHeader("Content-Type") String contentType,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        WaitOptions waiting = WaitOptions.parse(wait, timeout);
        checkKey(idempotencyKey);
        return Http.offload(() -> importer.read(body, contentType))
                .chain(imported -> identities
                        .forWrite(cluster, namespace, null, imported.spec())
                        .map(id -> write(DeploymentAction.create, id, imported, null)))
                .chain(w -> submit(w, waiting, idempotencyKey));
    }

    @PUT
    @Path("/{name}")
    @Consumes({MediaType.APPLICATION_JSON, Http.YAML, "application/x-yaml", "text/yaml", "text/x-yaml"})
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Replace a deployment's spec (a new revision when it differs)")
    public Uni<Response> replace(
            @RestPath String name,
            String body,
            @RestHeader("Content-Type") String contentType,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        WaitOptions waiting = WaitOptions.parse(wait, timeout);
        checkKey(idempotencyKey);
        Integer revision = Http.ifMatch(ifMatch);
        return Http.offload(() -> importer.read(body, contentType))
                .chain(imported -> identities
                        .forWrite(cluster, namespace, name, imported.spec())
                        .map(id -> write(DeploymentAction.update, id, imported, revision)))
                .chain(w -> submit(w, waiting, idempotencyKey));
    }

    @PATCH
    @Path("/{name}")
    @Consumes({Http.MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Change a deployment with a JSON merge patch (RFC 7396) of its current spec")
    public Uni<Response> patch(
            @RestPath String name,
            String body,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        WaitOptions waiting = WaitOptions.parse(wait, timeout);
        checkKey(idempotencyKey);
        Integer expected = Http.ifMatch(ifMatch);
        JsonNode patch = StrictReader.parseTree(body == null ? "" : body, TiffinJson.mapper());
        if (!patch.isObject()) {
            throw ProblemException.badRequest("", "wrong_type", "a merge patch of a deployment must be a JSON object");
        }
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> deployments
                        .call(() -> deployments.raw().spec(id.cluster(), id.namespace(), id.name()))
                        .map(r -> {
                            if (r.getStatus() != 200) {
                                return (Object) Http.relay(r);
                            }
                            int current = revisionOf(r.getHeaderString(HttpHeaders.ETAG));
                            if (expected != null && current > 0 && expected != current) {
                                throw new ProblemException(Problem.of(
                                        412,
                                        "precondition-failed",
                                        "Revision precondition failed",
                                        "If-Match names revision " + expected + " but the latest is " + current));
                            }
                            JsonNode merged = MergePatch.apply(DeploymentService.tree(r), patch);
                            DeploymentSpec spec = StrictReader.bind(merged, DeploymentSpec.class);
                            identityUnchanged(spec, id);
                            ImportResult imported = new ImportResult(spec, ImportResult.CANONICAL, List.of());
                            return (Object) write(
                                    DeploymentAction.update,
                                    id,
                                    imported,
                                    expected != null ? expected : positive(current));
                        })
                        .chain(o -> o instanceof Response relayed
                                ? Uni.createFrom().item(relayed)
                                : writes.submit(
                                        (DeploymentWrites.Write) o,
                                        waiting,
                                        idempotencyKey,
                                        caller.token(),
                                        caller.requester(),
                                        "merge-patch\n" + TiffinJson.write(patch) + "\n" + expected)));
    }

    @POST
    @Path("/{name}/terminate")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Terminate a deployment (its workloads are removed, its spec and revisions are kept)")
    public Uni<Response> terminate(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.terminate, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    @POST
    @Path("/{name}/restart")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Restart a deployment's pods (and start a terminated one again)")
    public Uni<Response> restart(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.restart, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    @DELETE
    @Path("/{name}")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Delete a deployment (terminate, then forget it)")
    public Uni<Response> delete(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.delete, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    @POST
    @Path("/{name}/rollout/pause")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Pause the rollout in progress (no further step; the progress deadline stops counting)")
    public Uni<Response> pause(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.pause, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    @POST
    @Path("/{name}/rollout/resume")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Resume a paused rollout (its progress deadline starts again)")
    public Uni<Response> resume(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.resume, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    @POST
    @Path("/{name}/rollout/abort")
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(
            summary = "Abort the rollout in progress: it fails (reason aborted) and the revision that served before"
                    + " is rolled back to")
    public Uni<Response> abort(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        return lifecycle(DeploymentAction.abort, name, cluster, namespace, wait, timeout, idempotencyKey, ifMatch);
    }

    /** Body of a rollback: the revision to return to (absent = the previous one). */
    public record RollbackRequest(Integer revision) {}

    @POST
    @Path("/{name}/rollback")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RequiresScope(Scope.DEPLOYMENTS_WRITE)
    @Operation(summary = "Roll back to an earlier revision (a new revision with its spec)")
    public Uni<Response> rollback(
            @RestPath String name,
            String body,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String wait,
            @RestQuery String timeout,
            @RestHeader("Idempotency-Key") String idempotencyKey,
            @RestHeader("If-Match") String ifMatch) {
        WaitOptions waiting = WaitOptions.parse(wait, timeout);
        checkKey(idempotencyKey);
        Integer revision = Http.ifMatch(ifMatch);
        Integer target = null;
        if (body != null && !body.isBlank()) {
            RollbackRequest request =
                    StrictReader.bind(StrictReader.parseTree(body, TiffinJson.mapper()), RollbackRequest.class);
            target = request.revision();
            if (target != null && target < 1) {
                throw ProblemException.badRequest("revision", "out_of_range", "revision must be at least 1");
            }
        }
        Integer targetRevision = target;
        return identities
                .forRead(cluster, namespace, name)
                .map(id -> new DeploymentWrites.Write(
                        DeploymentAction.rollback, id, null, null, revision, targetRevision, List.of()))
                .chain(w -> submit(w, waiting, idempotencyKey));
    }

    private Uni<Response> lifecycle(
            DeploymentAction action,
            String name,
            String cluster,
            String namespace,
            String wait,
            String timeout,
            String idempotencyKey,
            String ifMatch) {
        WaitOptions waiting = WaitOptions.parse(wait, timeout);
        checkKey(idempotencyKey);
        Integer revision = Http.ifMatch(ifMatch);
        return identities
                .forRead(cluster, namespace, name)
                .map(id -> new DeploymentWrites.Write(action, id, null, null, revision, null, List.of()))
                .chain(w -> submit(w, waiting, idempotencyKey));
    }

    private Uni<Response> submit(DeploymentWrites.Write w, WaitOptions waiting, String idempotencyKey) {
        return writes.submit(w, waiting, idempotencyKey, caller.token(), caller.requester());
    }

    private static DeploymentWrites.Write write(
            DeploymentAction action, DeploymentId id, ImportResult imported, Integer ifMatch) {
        DeploymentSpec spec = withIdentity(imported.spec(), id);
        List<Violation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
        return new DeploymentWrites.Write(
                action, id, spec, imported.sourceFormat(), ifMatch, null, imported.warnings());
    }

    static DeploymentSpec withIdentity(DeploymentSpec s, DeploymentId id) {
        String name = s.name() != null ? s.name() : id.name().isEmpty() ? null : id.name();
        return new DeploymentSpec(
                        name,
                        s.description(),
                        s.cluster(),
                        s.kubeNamespace(),
                        s.accessType(),
                        s.bento(),
                        s.deploymentStrategy(),
                        s.envs(),
                        s.bentomlConfig(),
                        s.labels(),
                        s.apiServer(),
                        s.runners())
                .withIdentity(id.cluster(), id.namespace());
    }

    private static void identityUnchanged(DeploymentSpec spec, DeploymentId id) {
        if (spec.name() != null && !spec.name().equals(id.name())) {
            throw ProblemException.badRequest("name", "immutable", "a patch cannot rename a deployment");
        }
        if (spec.cluster() != null && !spec.cluster().equals(id.cluster())) {
            throw ProblemException.badRequest("cluster", "immutable", "a patch cannot move a deployment");
        }
        if (spec.kubeNamespace() != null && !spec.kubeNamespace().equals(id.namespace())) {
            throw ProblemException.badRequest("kube_namespace", "immutable", "a patch cannot move a deployment");
        }
    }

    private static void checkKey(String key) {
        if (key != null && (key.isBlank() || key.length() > 255)) {
            throw ProblemException.badRequest(
                    "Idempotency-Key", "invalid_value", "Idempotency-Key must be 1 to 255 characters");
        }
    }

    private static int revisionOf(String etag) {
        if (etag == null) {
            return 0;
        }
        try {
            return Integer.parseInt(etag.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Integer positive(int n) {
        return n > 0 ? n : null;
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    @GET
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "List deployments (filter by cluster, namespace, status, labels k=v; paginated)")
    public Uni<Response> list(
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String status,
            @RestQuery("label") List<String> labels,
            @RestQuery Integer page,
            @RestQuery("page_size") Integer pageSize) {
        if (page != null && page < 1) {
            throw ProblemException.badRequest("page", "out_of_range", "page must be at least 1");
        }
        if (pageSize != null && (pageSize < 1 || pageSize > 500)) {
            throw ProblemException.badRequest("page_size", "out_of_range", "page_size must be 1 to 500");
        }
        return deployments
                .call(() -> deployments.raw().listDeployments(cluster, namespace, status, labels, page, pageSize))
                .map(Http::relay);
    }

    @GET
    @Path("/{name}")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "A deployment: spec (secrets redacted), status, revisions, replicas, timestamps")
    public Uni<Response> get(@RestPath String name, @RestQuery String cluster, @RestQuery String namespace) {
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> deployments
                        .call(() -> deployments.raw().deployment(id.cluster(), id.namespace(), id.name()))
                        .map(r -> {
                            if (r.getStatus() != 200) {
                                return Http.relay(r);
                            }
                            String body = DeploymentService.body(r);
                            JsonNode view = DeploymentService.read(body, JsonNode.class);
                            Response.ResponseBuilder b = Response.ok(body).type(MediaType.APPLICATION_JSON);
                            if (view.path("revision").asInt() > 0) {
                                b.header(
                                        HttpHeaders.ETAG,
                                        Http.etag(view.path("revision").asInt()));
                            }
                            return b.build();
                        }));
    }

    @GET
    @Path("/{name}/spec")
    @Produces({MediaType.APPLICATION_JSON, Http.YAML})
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "The canonical document of the latest revision (secrets redacted): 'Download as JSON'")
    public Uni<Response> spec(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery String format,
            @RestHeader("Accept") String accept) {
        boolean yaml = "yaml".equalsIgnoreCase(format)
                || (format == null && accept != null && accept.contains("yaml") && !accept.contains("json"));
        if (format != null && !yaml && !"json".equalsIgnoreCase(format)) {
            throw ProblemException.badRequest("format", "invalid_value", "format must be json or yaml");
        }
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> deployments
                        .call(() -> deployments.raw().spec(id.cluster(), id.namespace(), id.name()))
                        .map(r -> {
                            if (r.getStatus() != 200 || !yaml) {
                                return Http.relay(r);
                            }
                            String etag = r.getHeaderString(HttpHeaders.ETAG);
                            JsonNode tree = DeploymentService.tree(r);
                            String text;
                            try {
                                text = TiffinJson.yaml().writeValueAsString(tree);
                            } catch (JsonProcessingException e) {
                                throw new IllegalStateException(e);
                            }
                            Response.ResponseBuilder b = Response.ok(text).type(Http.YAML);
                            if (etag != null) {
                                b.header(HttpHeaders.ETAG, etag);
                            }
                            return b.build();
                        }));
    }

    @GET
    @Path("/{name}/revisions")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "The deployment's revisions, newest first")
    public Uni<Response> revisions(@RestPath String name, @RestQuery String cluster, @RestQuery String namespace) {
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> deployments
                        .call(() -> deployments.raw().revisions(id.cluster(), id.namespace(), id.name()))
                        .map(Http::relay));
    }

    @GET
    @Path("/{name}/revisions/{n}")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "One revision")
    public Uni<Response> revision(
            @RestPath String name, @RestPath int n, @RestQuery String cluster, @RestQuery String namespace) {
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> deployments
                        .call(() -> deployments.raw().revision(id.cluster(), id.namespace(), id.name(), n))
                        .map(Http::relay));
    }

    @GET
    @Path("/{name}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(
            summary = "Server-Sent Events: the deployment's recent events, then its events live; with Last-Event-ID,"
                    + " only the events after that one")
    public Multi<OutboundSseEvent> events(
            @RestPath String name,
            @RestQuery String cluster,
            @RestQuery String namespace,
            @RestQuery Integer limit,
            @RestHeader("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        int history = limit == null ? 100 : Math.max(0, Math.min(limit, 1000));
        return identities
                .forRead(cluster, namespace, name)
                .onItem()
                .transformToMulti(id -> stream(id, history, lastEventId))
                .map(e -> sse.newEventBuilder()
                        .name(e.type())
                        .id(e.id())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(String.class, EventCodec.encode(e))
                        .build());
    }

    /**
     * History first, then live events; live events that arrive while the history loads are held back, not lost. With
     * a {@code Last-Event-ID} (a reconnecting client), the history and the held-back events are sent only after that
     * event ({@link EventResume}).
     */
    private Multi<CloudEvent> stream(DeploymentId id, int limit, String lastEventId) {
        return Multi.createFrom().emitter(emitter -> {
            Object lock = new Object();
            Deque<CloudEvent> pending = new ArrayDeque<>();
            Set<String> historyIds = new HashSet<>();
            boolean[] historyDone = {false};
            Runnable stop = hub.listen(id.key(), event -> {
                synchronized (lock) {
                    if (!historyDone[0]) {
                        pending.add(event);
                    } else {
                        emitter.emit(event);
                    }
                }
            });
            emitter.onTermination(stop);
            Uni<List<CloudEvent>> loaded = limit == 0
                    ? Uni.createFrom().item(List.of())
                    : deployments
                            .call(() -> deployments.raw().events(id.cluster(), id.namespace(), id.name(), limit))
                            .map(r -> r.getStatus() == 200
                                    ? List.of(DeploymentService.read(DeploymentService.body(r), CloudEvent[].class))
                                    : List.<CloudEvent>of())
                            .onFailure()
                            .recoverWithItem(List.of());
            loaded.subscribe().with(events -> {
                synchronized (lock) {
                    List<CloudEvent> replayable = new ArrayList<>(events);
                    for (CloudEvent e : events) {
                        historyIds.add(e.id());
                    }
                    for (CloudEvent e : pending) {
                        if (!historyIds.contains(e.id())) {
                            replayable.add(e);
                        }
                    }
                    EventResume.after(replayable, lastEventId).forEach(emitter::emit);
                    pending.clear();
                    historyDone[0] = true;
                }
            });
        });
    }
}
