package dev.tiffin.gateway.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error is an RFC 9457 problem: bad input is 4xx with paths, never a 5xx. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder b = respond(e.problem().withInstance(path(uri)));
        e.headers().forEach(b::header);
        return b.build();
    }

    @ServerExceptionMapper
    public Response invalidDocument(InvalidDocumentException e, UriInfo uri) {
        return respond(Problem.of(400, "invalid-document", "Invalid document", summary(e.violations()))
                        .withErrors(e.violations())
                        .withInstance(path(uri)))
                .build();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return invalidDocument(new InvalidDocumentException(violation(e)), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return json(jpe, uri);
        }
        if (cause instanceof InvalidDocumentException ide) {
            return invalidDocument(ide, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
        Response.ResponseBuilder b =
                respond(Problem.of(status, slug, title, e.getMessage()).withInstance(path(uri)));
        if (e.getResponse() != null) {
            e.getResponse().getHeaders().forEach((k, v) -> {
                if (k.equalsIgnoreCase("Allow") || k.equalsIgnoreCase("Retry-After")) {
                    v.forEach(value -> b.header(k, value));
                }
            });
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", path(uri));
        return respond(Problem.of(500, "internal-error", "Internal error", "an unexpected error occurred")
                        .withInstance(path(uri)))
                .build();
    }

    static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    static Violation violation(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return Violation.of("", "malformed", "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (e instanceof JsonMappingException jme) {
            String path = jme.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining());
            return Violation.of(
                    path.startsWith(".") ? path.substring(1) : path, "wrong_type", jme.getOriginalMessage());
        }
        return Violation.of("", "malformed", e.getOriginalMessage());
    }

    private static String summary(List<Violation> violations) {
        return violations.size() == 1
                ? violations.get(0).message()
                : violations.size() + " problems: " + violations.get(0).message() + ", ...";
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
