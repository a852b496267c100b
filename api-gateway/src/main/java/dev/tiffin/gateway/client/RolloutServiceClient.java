package dev.tiffin.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The rollout-service's read-only planning API. */
@RegisterRestClient(configKey = "rollout-service")
@Path("/internal/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface RolloutServiceClient {

    @POST
    @Path("/rollouts/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> plan(String body);
}
