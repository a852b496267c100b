package dev.tiffin.gateway.api;

import dev.tiffin.gateway.client.DeploymentService;
import dev.tiffin.gateway.domain.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The verdict of a write submitted with {@code ?wait=none} (the Location of its 202). */
@Path("/v1/requests")
@Tag(name = "deployments")
@Produces(MediaType.APPLICATION_JSON)
public class RequestsResource {

    private final DeploymentService deployments;

    public RequestsResource(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @GET
    @Path("/{id}")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "A request's verdict (accepted with the revision, or rejected with the reason); 404 before")
    public Uni<Response> get(@RestPath String id) {
        return deployments.call(() -> deployments.raw().request(id)).map(Http::relay);
    }
}
