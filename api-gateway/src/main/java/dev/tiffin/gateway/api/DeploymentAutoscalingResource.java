package dev.tiffin.gateway.api;

import dev.tiffin.gateway.client.AutoscalerServiceClient;
import dev.tiffin.gateway.domain.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A deployment's autoscaling as the autoscaler-service sees it: per component the current and desired replicas, the
 * latest metric values and the last decisions with their reasons. The deployment is named like every deployment read
 * ({@code ?cluster=}, {@code ?namespace=}, else the default cluster and its default namespace); the answer is the
 * autoscaler-service's, relayed (404 problem for a deployment it does not know).
 */
@Path("/v1/deployments/{name}/autoscaling")
@Tag(name = "deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentAutoscalingResource {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final Identities identities;
    private final AutoscalerServiceClient autoscaler;

    public DeploymentAutoscalingResource(Identities identities, @RestClient AutoscalerServiceClient autoscaler) {
        this.identities = identities;
        this.autoscaler = autoscaler;
    }

    @GET
    @RequiresScope(Scope.DEPLOYMENTS_READ)
    @Operation(summary = "Autoscaling of a deployment: per component current/desired replicas, metrics, last decisions")
    public Uni<Response> autoscaling(@RestPath String name, @RestQuery String cluster, @RestQuery String namespace) {
        return identities
                .forRead(cluster, namespace, name)
                .chain(id -> Uni.createFrom()
                        .<Response>deferred(() -> autoscaler.autoscaling(id.cluster(), id.namespace(), id.name()))
                        .onFailure(t -> !(t instanceof WebApplicationException))
                        .transform(t -> ProblemException.unavailable(
                                "the autoscaler-service cannot be reached; try again shortly", RETRY_AFTER_SECONDS))
                        .map(Http::relay));
    }
}
