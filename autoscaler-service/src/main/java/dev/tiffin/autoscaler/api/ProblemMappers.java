package dev.tiffin.autoscaler.api;

import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.service.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The autoscaler's addition to the shared RFC 9457 mappers ({@code dev.tiffin.service.ProblemMappers}): a domain
 * precondition the request validation did not catch is still the caller's input, a 400, never a 5xx.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        Problem problem = new Problem(
                "about:blank",
                "Bad Request",
                400,
                e.getMessage(),
                List.of(Violation.of("", "invalid", String.valueOf(e.getMessage()))));
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
