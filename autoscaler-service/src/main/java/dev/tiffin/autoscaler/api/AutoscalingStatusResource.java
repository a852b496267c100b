package dev.tiffin.autoscaler.api;

import dev.tiffin.autoscaler.live.LiveAutoscaler;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.service.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The autoscaling status of a deployment (read-only; the gateway exposes it as {@code GET
 * /v1/deployments/{name}/autoscaling}). Answered from this instance's live state when it owns the deployment's
 * partition, else from the state topic (at most one snapshot interval old); 404 for a deployment the autoscaler does
 * not know.
 */
@Path("/internal/v1/deployments")
public class AutoscalingStatusResource {

    private final LiveAutoscaler autoscaler;

    public AutoscalingStatusResource(LiveAutoscaler autoscaler) {
        this.autoscaler = autoscaler;
    }

    @GET
    @Path("/{cluster}/{namespace}/{name}/autoscaling")
    @Produces(MediaType.APPLICATION_JSON)
    public AutoscalingStatus status(@RestPath String cluster, @RestPath String namespace, @RestPath String name) {
        DeploymentId id = new DeploymentId(cluster, namespace, name);
        return autoscaler
                .find(id)
                .map(AutoscalingStatus::of)
                .orElseThrow(() -> ProblemException.notFound("the autoscaler knows no deployment " + id.key()));
    }
}
