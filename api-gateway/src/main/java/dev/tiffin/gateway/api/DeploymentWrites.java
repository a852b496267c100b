package dev.tiffin.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.EventType;
import dev.tiffin.contracts.events.data.DeploymentAccepted;
import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected;
import dev.tiffin.contracts.events.data.DeploymentRequested;
import dev.tiffin.contracts.events.data.StatusChanged;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.secrets.SecretSealer;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.EnvVar;
import dev.tiffin.gateway.client.DeploymentService;
import dev.tiffin.gateway.config.GatewayMetrics;
import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Idempotency;
import dev.tiffin.gateway.domain.Verdict;
import dev.tiffin.gateway.domain.Verdicts;
import dev.tiffin.gateway.domain.WaitMode;
import dev.tiffin.gateway.messaging.EventHub;
import dev.tiffin.gateway.messaging.EventPublisher;
import dev.tiffin.gateway.persistence.IdempotencyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A deployment write, end to end: idempotency, publishing {@code DeploymentRequested} on {@code
 * tiffin.deployment.requests}, waiting for the verdict (and the rollout when asked), and the HTTP answer.
 */
@ApplicationScoped
public class DeploymentWrites {

    public static final String SOURCE = "tiffin/api-gateway";
    private static final Logger LOG = Logger.getLogger(DeploymentWrites.class);
    private static final int KAFKA_RETRY_AFTER_SECONDS = 5;

    private final EventPublisher publisher;
    private final EventHub hub;
    private final IdempotencyStore idempotency;
    private final DeploymentService deployments;
    private final GatewayMetrics metrics;
    private final SecretSealer sealer;
    private final Clock clock;

    public DeploymentWrites(
            EventPublisher publisher,
            EventHub hub,
            IdempotencyStore idempotency,
            DeploymentService deployments,
            GatewayMetrics metrics,
            SecretSealer sealer,
            Clock clock) {
        this.publisher = publisher;
        this.hub = hub;
        this.idempotency = idempotency;
        this.deployments = deployments;
        this.metrics = metrics;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** One write as the resources prepared it; {@code spec} is canonical, valid and not sealed yet. */
    public record Write(
            DeploymentAction action,
            DeploymentId id,
            DeploymentSpec spec,
            String sourceFormat,
            Integer ifMatch,
            Integer targetRevision,
            List<String> warnings) {}

    private record Claim(String requestId, boolean fresh) {}

    public Uni<Response> submit(Write w, WaitOptions wait, String idempotencyKey, ApiToken caller, String requester) {
        String canonical = w.spec() == null ? "" : TiffinJson.write(w.spec());
        return submit(
                w, wait, idempotencyKey, caller, requester, canonical + "\n" + w.ifMatch() + "\n" + w.targetRevision());
    }

    /**
     * Submits a write whose idempotency fingerprint is {@code clientRequest}: what the client sent, not what the
     * gateway derived from it (a merge patch is applied to the revision current at the time, so a retry derives
     * another spec and another {@code if_match} from the same request).
     */
    public Uni<Response> submit(
            Write w, WaitOptions wait, String idempotencyKey, ApiToken caller, String requester, String clientRequest) {
        String action = w.action().name();
        Uni<Claim> claim;
        if (idempotencyKey == null) {
            claim = Uni.createFrom().item(new Claim(UUID.randomUUID().toString(), true));
        } else {
            String hash = Idempotency.requestHash(action, w.id().key(), clientRequest);
            claim = idempotency
                    .claim(caller.id(), idempotencyKey, hash, clock.instant())
                    .map(outcome -> {
                        if (outcome instanceof Idempotency.Outcome.Fresh f) {
                            return new Claim(f.requestId(), true);
                        }
                        if (outcome instanceof Idempotency.Outcome.Replay r) {
                            return new Claim(r.requestId(), false);
                        }
                        metrics.write(action, "idempotency_mismatch");
                        throw new ProblemException(Problem.of(
                                422,
                                "idempotency-key-reused",
                                "Idempotency-Key reused",
                                "this Idempotency-Key was used in the last 24 h for a different request ("
                                        + ((Idempotency.Outcome.Mismatch) outcome).requestId()
                                        + "); use a new key for a new request"));
                    });
        }
        return claim.chain(c -> publishAndWait(w, wait, idempotencyKey, caller, requester, c));
    }

    private Uni<Response> publishAndWait(
            Write w, WaitOptions wait, String key, ApiToken caller, String requester, Claim claim) {
        String requestId = claim.requestId();
        String action = w.action().name();
        CompletableFuture<CloudEvent> verdict = wait.mode() == WaitMode.NONE ? null : hub.expectVerdict(requestId);
        EventHub.StatusWatch watch = wait.mode() == WaitMode.READY ? hub.watchStatus(w.id().key()) : null;
        Instant deadline = clock.instant().plus(wait.timeout());
        DeploymentRequested data = new DeploymentRequested(
                requestId,
                w.action(),
                w.id(),
                seal(w.spec()),
                w.sourceFormat(),
                requester,
                w.ifMatch(),
                key,
                w.targetRevision(),
                clock.instant());
        CloudEvent event = EventCodec.wrap(SOURCE, w.id().key(), data, clock);
        long published = System.nanoTime();
        Uni<Response> flow = publisher
                .publishRequest(w.id().key(), event)
                .onFailure()
                .recoverWithUni(t -> {
                    LOG.warnf("publishing %s request %s for %s failed: %s", action, requestId, w.id(), t.toString());
                    metrics.write(action, "unavailable");
                    Uni<Void> undo = claim.fresh() && key != null
                            ? idempotency
                                    .forget(caller.id(), key, requestId)
                                    .onFailure()
                                    .recoverWithNull()
                            : Uni.createFrom().voidItem();
                    return undo.chain(() -> Uni.createFrom()
                            .failure(ProblemException.unavailable(
                                    "Kafka is unavailable: the request was not submitted and nothing changed; retry later",
                                    KAFKA_RETRY_AFTER_SECONDS)));
                })
                .chain(() -> {
                    if (wait.mode() == WaitMode.NONE) {
                        metrics.write(action, "published");
                        return Uni.createFrom().item(accepted202(requestId, w));
                    }
                    return awaitVerdict(requestId, verdict, wait.timeout()).chain(v -> {
                        metrics.verdictLatency(action, Duration.ofNanos(System.nanoTime() - published));
                        return onVerdict(w, wait, requestId, v, watch, deadline);
                    });
                });
        return flow.eventually(() -> {
            hub.forgetVerdict(requestId);
            if (watch != null) {
                watch.close();
            }
        });
    }

    private Uni<Verdict> awaitVerdict(String requestId, CompletableFuture<CloudEvent> future, Duration timeout) {
        return Uni.createFrom()
                .completionStage(future)
                .map(DeploymentWrites::verdictOf)
                .ifNoItem()
                .after(timeout)
                .recoverWithUni(() -> deployments
                        .verdict(requestId)
                        .onFailure()
                        .recoverWithItem(Optional.empty())
                        .map(found -> found.map(Verdict::of).orElseThrow(() -> timeout(requestId, null))));
    }

    private Uni<Response> onVerdict(
            Write w, WaitOptions wait, String requestId, Verdict v, EventHub.StatusWatch watch, Instant deadline) {
        String action = w.action().name();
        if (!v.accepted()) {
            metrics.write(action, "rejected_" + v.reason());
            int status = v.rejectionStatus();
            throw new ProblemException(
                    Problem.of(
                                    status,
                                    "rejected-" + (v.reason() == null ? "invalid" : v.reason()).replace('_', '-'),
                                    Verdicts.rejectionTitle(status),
                                    rejectionDetail(w, v))
                            .withErrors(v.errors()),
                    Map.of(Http.REQUEST_ID, requestId));
        }
        if (wait.mode() != WaitMode.READY) {
            metrics.write(action, "accepted");
            return view(w, v, requestId);
        }
        return awaitReady(w, v, requestId, watch, deadline);
    }

    private Uni<Response> awaitReady(
            Write w, Verdict v, String requestId, EventHub.StatusWatch watch, Instant deadline) {
        String action = w.action().name();
        Verdicts.ReadyTarget target = Verdicts.readyTarget(w.action());
        Predicate<StatusChanged> reached = s -> target.isTerminal(s.to())
                && (!v.revisionCreated()
                        || target.failure().contains(s.to())
                        || s.activeRevision() == null
                        || v.revision() == null
                        || s.activeRevision() >= v.revision());
        CompletableFuture<StatusChanged> future = watch.arm(reached);
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            left = Duration.ofMillis(1);
        }
        Uni<Boolean> alreadyThere = w.action() == DeploymentAction.update && !v.revisionCreated()
                ? currentStatus(w.id()).map(s -> s != null && target.isSuccess(s))
                : Uni.createFrom().item(false);
        Duration remaining = left;
        return alreadyThere.chain(there -> {
            if (there) {
                metrics.write(action, "ready");
                return view(w, v, requestId);
            }
            return Uni.createFrom()
                    .completionStage(future)
                    .ifNoItem()
                    .after(remaining)
                    .failWith(() -> timeout(requestId, v))
                    .chain(s -> {
                        if (target.isSuccess(s.to())) {
                            metrics.write(action, "ready");
                            return view(w, v, requestId);
                        }
                        metrics.write(action, "rollout_failed");
                        String why = s.reason() == null ? "" : s.reason();
                        String message = s.message() == null ? "" : s.message();
                        throw new ProblemException(
                                Problem.of(
                                        422,
                                        "rollout-failed",
                                        "Rollout failed",
                                        "the deployment was accepted (revision " + v.revision()
                                                + ") but its rollout failed"
                                                + (why.isEmpty() ? "" : ": " + why)
                                                + (message.isEmpty() ? "" : " (" + message + ")")),
                                Map.of(Http.REQUEST_ID, requestId));
                    });
        });
    }

    private Uni<String> currentStatus(DeploymentId id) {
        return deployments
                .call(() -> deployments.raw().deployment(id.cluster(), id.namespace(), id.name()))
                .map(r -> r.getStatus() == 200
                        ? DeploymentService.tree(r).path("status").asText(null)
                        : null)
                .onFailure()
                .recoverWithNull();
    }

    /** The stored deployment after an accepted write (or a summary when it cannot be read now). */
    private Uni<Response> view(Write w, Verdict v, String requestId) {
        DeploymentId id = w.id();
        int status = Verdicts.acceptedStatus(w.action());
        return deployments
                .call(() -> deployments.raw().deployment(id.cluster(), id.namespace(), id.name()))
                .map(r -> {
                    if (r.getStatus() == 200) {
                        String body = DeploymentService.body(r);
                        int revision = DeploymentService.read(body, JsonNode.class)
                                .path("revision")
                                .asInt(v.revision() == null ? 0 : v.revision());
                        Response.ResponseBuilder b = Response.status(status)
                                .type(MediaType.APPLICATION_JSON)
                                .entity(body)
                                .header(HttpHeaders.ETAG, Http.etag(revision));
                        return decorate(b, w, v, requestId).build();
                    }
                    if (r.getStatus() == 404 && w.action() == DeploymentAction.delete) {
                        return decorate(Response.noContent(), w, v, requestId).build();
                    }
                    return summary(status, w, v, requestId);
                })
                .onFailure(ProblemException.class)
                .recoverWithItem(() -> summary(status, w, v, requestId));
    }

    private Response summary(int status, Write w, Verdict v, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("outcome", "accepted");
        body.put("deployment", w.id().key());
        body.put("action", w.action().name());
        if (v.revision() != null) {
            body.put("revision", v.revision());
        }
        body.put("revision_created", v.revisionCreated());
        body.put("warnings", allWarnings(w, v));
        Response.ResponseBuilder b =
                Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (v.revision() != null && v.revision() > 0) {
            b.header(HttpHeaders.ETAG, Http.etag(v.revision()));
        }
        return decorate(b, w, v, requestId).build();
    }

    private Response.ResponseBuilder decorate(Response.ResponseBuilder b, Write w, Verdict v, String requestId) {
        b.header(Http.REQUEST_ID, requestId);
        if (w.action() == DeploymentAction.create) {
            b.location(deploymentUri(w.id()));
        }
        for (String warning : allWarnings(w, v)) {
            b.header("Tiffin-Warning", warning.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return b;
    }

    private static List<String> allWarnings(Write w, Verdict v) {
        return Stream.concat(w.warnings() == null ? Stream.empty() : w.warnings().stream(), v.warnings().stream())
                .distinct()
                .collect(Collectors.toList());
    }

    private Response accepted202(String requestId, Write w) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("deployment", w.id().key());
        body.put("action", w.action().name());
        if (w.warnings() != null && !w.warnings().isEmpty()) {
            body.put("warnings", w.warnings());
        }
        return Response.accepted(body)
                .type(MediaType.APPLICATION_JSON)
                .location(URI.create("/v1/requests/" + requestId))
                .header(Http.REQUEST_ID, requestId)
                .build();
    }

    private ProblemException timeout(String requestId, Verdict accepted) {
        metrics.write("any", "timeout");
        String detail = accepted == null
                ? "no verdict yet for request " + requestId
                        + "; it was published and will still be processed: follow it at /v1/requests/" + requestId
                : "the request " + requestId + " was accepted (revision " + accepted.revision()
                        + ") and its rollout continues; follow it at the deployment's events";
        return new ProblemException(
                Problem.of(504, "wait-timeout", "Timed out waiting", detail),
                Map.of(Http.REQUEST_ID, requestId, HttpHeaders.LOCATION, "/v1/requests/" + requestId));
    }

    private static String rejectionDetail(Write w, Verdict v) {
        String base = "the deployment-service rejected the " + w.action().name() + " of " + w.id().key();
        if (v.errors().isEmpty()) {
            return base + (v.reason() == null ? "" : " (" + v.reason() + ")");
        }
        return base + ": " + v.errors().get(0).message()
                + (v.errors().size() > 1 ? " (and " + (v.errors().size() - 1) + " more)" : "");
    }

    static URI deploymentUri(DeploymentId id) {
        return URI.create("/v1/deployments/" + enc(id.name()) + "?cluster=" + enc(id.cluster()) + "&namespace="
                + enc(id.namespace()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static Verdict verdictOf(CloudEvent event) {
        if (EventType.DEPLOYMENT_ACCEPTED.type().equals(event.type())) {
            return Verdict.of(EventCodec.dataAs(event, DeploymentAccepted.class));
        }
        return Verdict.of(EventCodec.dataAs(event, DeploymentRejected.class));
    }

    /** Secret env values leave the gateway sealed only. */
    DeploymentSpec seal(DeploymentSpec spec) {
        if (spec == null) {
            return null;
        }
        Component api = spec.apiServer() == null
                ? null
                : spec.apiServer().withEnvs(seal(spec.apiServer().envs()));
        Map<String, Component> runners = null;
        if (spec.runners() != null) {
            runners = new LinkedHashMap<>();
            for (Map.Entry<String, Component> e : spec.runners().entrySet()) {
                Component c = e.getValue();
                runners.put(e.getKey(), c == null ? null : c.withEnvs(seal(c.envs())));
            }
        }
        return spec.withEnvs(seal(spec.envs())).withComponents(api, runners);
    }

    private List<EnvVar> seal(List<EnvVar> envs) {
        if (envs == null) {
            return null;
        }
        return envs.stream()
                .map(e -> e != null && e.isSecret() && e.value() != null
                        ? new EnvVar(e.name(), null, true, sealer.seal(e.name(), e.value()))
                        : e)
                .toList();
    }
}
