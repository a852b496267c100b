package dev.tiffin.gateway.api;

import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.gateway.client.DeploymentService;
import dev.tiffin.gateway.domain.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The catalogs the deployment-service owns (clusters, instance types, Bento versions), proxied synchronously: reads
 * need {@code deployments:read}, registrations {@code admin} (docs/adr/0002-catalog-writes-are-synchronous.md).
 */
@Path("/v1")
@Tag(name = "catalogs")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private final DeploymentService deployments;

    public CatalogResource(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @GET
    @Path("/clusters")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "Registered clusters; the first is the default")
    public Uni<Response> clusters() {
        return deployments.call(() -> deployments.raw().clusters()).map(Http::relay);
    }

    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Register a cluster")
    public Uni<Response> createCluster(String body) {
        String json = wellFormed(body);
        return deployments.call(() -> deployments.raw().createCluster(json)).map(Http::relay);
    }

    @GET
    @Path("/instance-types")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "Instance types of the Basic resources choice")
    public Uni<Response> instanceTypes() {
        return deployments.call(() -> deployments.raw().instanceTypes()).map(Http::relay);
    }

    @POST
    @Path("/instance-types")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Register an instance type")
    public Uni<Response> createInstanceType(String body) {
        String json = wellFormed(body);
        return deployments
                .call(() -> deployments.raw().createInstanceType(json))
                .map(Http::relay);
    }

    @GET
    @Path("/bentos")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "Registered Bento versions")
    public Uni<Response> bentos() {
        return deployments.call(() -> deployments.raw().bentos()).map(Http::relay);
    }

    @POST
    @Path("/bentos")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scope.ADMIN)
    @Operation(summary = "Register a Bento version")
    public Uni<Response> createBento(String body) {
        String json = wellFormed(body);
        return deployments.call(() -> deployments.raw().createBento(json)).map(Http::relay);
    }

    /** Malformed JSON is answered here (400 with line and column); the deployment-service checks the fields. */
    static String wellFormed(String body) {
        StrictReader.parseTree(body == null ? "" : body, TiffinJson.mapper());
        return body;
    }
}
