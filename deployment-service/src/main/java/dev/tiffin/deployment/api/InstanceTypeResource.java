package dev.tiffin.deployment.api;

import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.deployment.domain.CatalogValidation;
import dev.tiffin.deployment.persistence.InstanceTypeEntity;
import dev.tiffin.service.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
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

/** The instance-type catalog (the Basic resources choice). */
@Path("/internal/v1/instance-types")
@Produces(MediaType.APPLICATION_JSON)
public class InstanceTypeResource {

    private final Clock clock;

    public InstanceTypeResource(Clock clock) {
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<List<InstanceType>> list() {
        return InstanceTypeEntity.<InstanceTypeEntity>listAll(Sort.ascending("name"))
                .map(all -> all.stream().map(InstanceTypeEntity::toInfo).toList());
    }

    @GET
    @Path("/{name}")
    @WithSession
    public Uni<InstanceType> get(@PathParam("name") String name) {
        return InstanceTypeEntity.<InstanceTypeEntity>findById(name).map(t -> {
            if (t == null) {
                throw ProblemException.notFound("no instance type " + name);
            }
            return t.toInfo();
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> create(String body) {
        InstanceType type = RequestBodies.read(body, InstanceType.class);
        RequestBodies.check("the instance type", CatalogValidation.instanceType(type));
        return InstanceTypeEntity.<InstanceTypeEntity>findById(type.name()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("the instance type " + type.name() + " exists");
            }
            InstanceTypeEntity entity = InstanceTypeEntity.of(type, clock.instant());
            return entity.persist()
                    .map(saved -> Response.created(URI.create("/internal/v1/instance-types/" + type.name()))
                            .entity(entity.toInfo())
                            .build());
        });
    }
}
