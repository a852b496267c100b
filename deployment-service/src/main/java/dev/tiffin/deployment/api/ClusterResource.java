package dev.tiffin.deployment.api;

import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.deployment.domain.CatalogValidation;
import dev.tiffin.deployment.persistence.ClusterEntity;
import dev.tiffin.deployment.service.CatalogService;
import dev.tiffin.service.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/** The cluster catalog. A cluster without a default namespace gets {@code default}. */
@Path("/internal/v1/clusters")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

    static final String DEFAULT_NAMESPACE = "default";

    private final CatalogService catalogs;
    private final Clock clock;

    public ClusterResource(CatalogService catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<List<ClusterInfo>> list() {
        return catalogs.clusters();
    }

    @GET
    @Path("/{name}")
    @WithSession
    public Uni<ClusterInfo> get(@PathParam("name") String name) {
        return ClusterEntity.<ClusterEntity>findById(name).map(c -> {
            if (c == null) {
                throw ProblemException.notFound("no cluster " + name);
            }
            return c.toInfo();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> create(String body) {
        ClusterInfo read = RequestBodies.read(body, ClusterInfo.class);
        RequestBodies.check("the cluster", CatalogValidation.cluster(read));
        ClusterInfo cluster = read.defaultNamespace() == null
                ? new ClusterInfo(read.name(), DEFAULT_NAMESPACE, read.kubeconfigContext(), read.description())
                : read;
        return ClusterEntity.<ClusterEntity>findById(cluster.name()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("the cluster " + cluster.name() + " exists");
            }
            return ClusterEntity.of(cluster, clock.instant())
                    .persist()
                    .map(saved -> Response.created(URI.create("/internal/v1/clusters/" + cluster.name()))
                            .entity(cluster)
                            .build());
        });
    }
}
