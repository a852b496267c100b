package dev.tiffin.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The deployment-service's query API ({@code docs/internal-api.md}). Every call answers the raw {@link Response}
 * (status, headers and body, also for errors): the gateway relays most answers as they are.
 */
@RegisterRestClient(configKey = "deployment-service")
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface DeploymentServiceClient {

    @GET
    @Path("/deployments")
    Uni<Response> listDeployments(
            @QueryParam("cluster") String cluster,
            @QueryParam("namespace") String namespace,
            @QueryParam("status") String status,
            @QueryParam("label") List<String> labels,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}")
    Uni<Response> deployment(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}/spec")
    Uni<Response> spec(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}/revisions")
    Uni<Response> revisions(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}/revisions/{n}")
    Uni<Response> revision(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @PathParam("n") int revision);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}/events")
    Uni<Response> events(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name,
            @QueryParam("limit") Integer limit);

    @GET
    @Path("/requests/{id}")
    Uni<Response> request(@PathParam("id") String requestId);

    @GET
    @Path("/clusters")
    Uni<Response> clusters();

    @GET
    @Path("/clusters/{name}")
    Uni<Response> cluster(@PathParam("name") String name);

    @POST
    @Path("/clusters")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createCluster(String body);

    @GET
    @Path("/instance-types")
    Uni<Response> instanceTypes();

    @POST
    @Path("/instance-types")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createInstanceType(String body);

    @GET
    @Path("/bentos")
    Uni<Response> bentos();

    @GET
    @Path("/bentos/{repository}/{version}")
    Uni<Response> bento(@PathParam("repository") String repository, @PathParam("version") String version);

    @POST
    @Path("/bentos")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> createBento(String body);
}
