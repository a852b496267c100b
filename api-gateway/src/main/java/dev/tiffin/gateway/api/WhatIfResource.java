package dev.tiffin.gateway.api;

import dev.tiffin.gateway.client.AutoscalerServiceClient;
import dev.tiffin.gateway.client.RolloutServiceClient;
import dev.tiffin.gateway.domain.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Read-only "what if" answers computed by the services that own the logic, with the very code they run live: the
 * steps a rollout strategy would take (rollout-service) and the replica timeline an autoscaling policy would produce
 * (autoscaler-service). Both are synchronous read-only queries, as DESIGN.md allows.
 */
@Path("/v1")
@Tag(name = "what-if")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WhatIfResource {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final RolloutServiceClient rollouts;
    private final AutoscalerServiceClient autoscaler;

    public WhatIfResource(@RestClient RolloutServiceClient rollouts, @RestClient AutoscalerServiceClient autoscaler) {
        this.rollouts = rollouts;
        this.autoscaler = autoscaler;
    }

    @POST
    @Path("/rollouts/plan")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(
            summary =
                    "The steps a strategy takes from current_replicas to replicas, each wave of new pods ready together")
    public Uni<Response> plan(String body) {
        String json = CatalogResource.wellFormed(body);
        return relay("rollout-service", () -> rollouts.plan(json));
    }

    @POST
    @Path("/autoscaling/simulate")
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "Replay metric ticks through an autoscaling policy: the replica count at each tick, and why")
    public Uni<Response> simulate(String body) {
        String json = CatalogResource.wellFormed(body);
        return relay("autoscaler-service", () -> autoscaler.simulate(json));
    }

    private static Uni<Response> relay(String service, Supplier<Uni<Response>> call) {
        return Uni.createFrom()
                .<Response>deferred(() -> call.get())
                .onFailure(t -> !(t instanceof WebApplicationException))
                .transform(t -> ProblemException.unavailable(
                        "the " + service + " cannot be reached; try again shortly", RETRY_AFTER_SECONDS))
                .map(Http::relay);
    }
}
