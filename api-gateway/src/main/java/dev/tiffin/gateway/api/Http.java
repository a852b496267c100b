package dev.tiffin.gateway.api;

import dev.tiffin.gateway.client.DeploymentService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/** Small HTTP helpers shared by the resources. */
final class Http {

    static final String REQUEST_ID = "Tiffin-Request-Id";
    static final String YAML = "application/yaml";
    static final String MERGE_PATCH = "application/merge-patch+json";

    private Http() {}

    /** The deployment-service's answer as this gateway's: status, body, content type and ETag. */
    static Response relay(Response upstream) {
        String body = DeploymentService.body(upstream);
        MediaType type = upstream.getMediaType();
        if (type == null) {
            type = upstream.getStatus() >= 400
                    ? MediaType.valueOf(Problem.MEDIA_TYPE)
                    : MediaType.APPLICATION_JSON_TYPE;
        }
        Response.ResponseBuilder b = Response.status(upstream.getStatus()).type(type);
        if (!body.isEmpty()) {
            b.entity(body);
        }
        String etag = upstream.getHeaderString(HttpHeaders.ETAG);
        if (etag != null) {
            b.header(HttpHeaders.ETAG, etag);
        }
        return b.build();
    }

    static String etag(int revision) {
        return "\"" + revision + "\"";
    }

    /** The revision of an {@code If-Match} header ({@code "3"}, {@code W/"3"} or {@code 3}); null for absent or *. */
    static Integer ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            int revision = Integer.parseInt(v);
            if (revision > 0) {
                return revision;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ProblemException.badRequest(
                "If-Match", "invalid_value", "If-Match must be the ETag of a revision, e.g. \"3\"");
    }

    /**
     * Runs blocking work (document import may look a Bento up synchronously) on a worker thread and comes back to the
     * caller's Vert.x context, where Hibernate Reactive and the REST client expect to run.
     */
    static <T> Uni<T> offload(Supplier<T> work) {
        Context context = Vertx.currentContext();
        Uni<T> uni = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return context == null ? uni : uni.emitOn(command -> context.runOnContext(ignored -> command.run()));
    }
}
