package dev.tiffin.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The autoscaler-service's read-only queries: the what-if simulator and a deployment's autoscaling status. */
@RegisterRestClient(configKey = "autoscaler-service")
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface AutoscalerServiceClient {

    @POST
    @Path("/autoscaling/simulate")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> simulate(String body);

    @GET
    @Path("/deployments/{cluster}/{namespace}/{name}/autoscaling")
    Uni<Response> autoscaling(
            @PathParam("cluster") String cluster,
            @PathParam("namespace") String namespace,
            @PathParam("name") String name);
}
