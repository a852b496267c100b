package dev.tiffin.deployment.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tiffin.contracts.catalog.BentoInfo;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A registered Bento version; {@code id} keeps the registration order ({@code latest} = the newest). */
@Entity
@Table(name = "bento")
public class BentoEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String repository;
    public String version;
    public String image;

    @Column(name = "api_server")
    public String apiServer;

    public String runners;

    @Column(name = "registered_at")
    public Instant registeredAt;

    /** The versions of a repository in registration order, newest last. */
    public static Uni<List<BentoEntity>> ofRepository(String repository) {
        return list("repository", Sort.ascending("id"), repository);
    }

    public static Uni<List<BentoEntity>> inRegistrationOrder() {
        return listAll(Sort.ascending("id"));
    }

    public static BentoEntity of(BentoInfo info, Instant at) {
        BentoEntity e = new BentoEntity();
        e.repository = info.repository();
        e.version = info.version();
        e.image = info.image();
        e.apiServer = info.apiServer();
        e.runners = JsonColumns.write(info.runners() == null ? List.of() : info.runners());
        e.registeredAt = at;
        return e;
    }

    public BentoInfo toInfo() {
        return new BentoInfo(
                repository, version, image, apiServer, JsonColumns.read(runners, new TypeReference<List<String>>() {}));
    }
}
