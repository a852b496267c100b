package dev.tiffin.deployment.api;

import dev.tiffin.contracts.api.RequestVerdict;
import dev.tiffin.deployment.persistence.JsonColumns;
import dev.tiffin.deployment.persistence.RequestVerdictEntity;
import dev.tiffin.service.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The verdict of a processed request; 404 before it is processed. */
@Path("/internal/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
public class RequestQueryResource {

    @GET
    @Path("/{requestId}")
    @WithSession
    public Uni<RequestVerdict> verdict(@PathParam("requestId") String requestId) {
        return RequestVerdictEntity.<RequestVerdictEntity>findById(requestId).map(v -> {
            if (v == null) {
                throw ProblemException.notFound("no verdict for request " + requestId + " (yet)");
            }
            return JsonColumns.read(v.verdict, RequestVerdict.class);
        });
    }
}
