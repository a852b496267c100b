package dev.tiffin.deployment.api;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.deployment.domain.CatalogValidation;
import dev.tiffin.deployment.persistence.BentoEntity;
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

/** The Bento catalog: registered versions per repository; {@code latest} is the newest registered. */
@Path("/internal/v1/bentos")
@Produces(MediaType.APPLICATION_JSON)
public class BentoResource {

    private final CatalogService catalogs;
    private final Clock clock;

    public BentoResource(CatalogService catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    @GET
    @WithSession
    public Uni<List<BentoInfo>> list() {
        return BentoEntity.inRegistrationOrder()
                .map(all -> all.stream().map(BentoEntity::toInfo).toList());
    }

    @GET
    @Path("/{repository}/{version}")
    @WithSession
    public Uni<BentoInfo> get(@PathParam("repository") String repository, @PathParam("version") String version) {
        return catalogs.resolve(new BentoRef(repository, version))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound(
                        BentoRef.LATEST.equals(version)
                                ? "the Bento repository " + repository + " has no registered version"
                                : "no Bento " + repository + ":" + version)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @WithTransaction
    public Uni<Response> create(String body) {
        BentoInfo read = RequestBodies.read(body, BentoInfo.class);
        RequestBodies.check("the Bento", CatalogValidation.bento(read));
        BentoInfo bento = read.runners() == null
                ? new BentoInfo(read.repository(), read.version(), read.image(), read.apiServer(), List.of())
                : read;
        return BentoEntity.<BentoEntity>find("repository = ?1 and version = ?2", bento.repository(), bento.version())
                .firstResult()
                .chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("the Bento " + bento.tag() + " exists");
                    }
                    return BentoEntity.of(bento, clock.instant())
                            .persist()
                            .map(saved -> Response.created(URI.create(
                                            "/internal/v1/bentos/" + bento.repository() + "/" + bento.version()))
                                    .entity(bento)
                                    .build());
                });
    }
}
