package dev.tiffin.deployment.service;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.BentoRef;
import dev.tiffin.deployment.domain.CatalogSnapshot;
import dev.tiffin.deployment.persistence.BentoEntity;
import dev.tiffin.deployment.persistence.ClusterEntity;
import dev.tiffin.deployment.persistence.InstanceTypeEntity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads the catalogs: the snapshot a request is checked against, the default cluster, Bento resolution. */
@ApplicationScoped
public class CatalogService {

    private final Optional<String> defaultCluster;

    public CatalogService(@ConfigProperty(name = "tiffin.default-cluster") Optional<String> defaultCluster) {
        this.defaultCluster = defaultCluster;
    }

    /** Clusters, instance types and the versions of {@code bentoRepository} (none when empty). */
    public Uni<CatalogSnapshot> snapshot(Optional<String> bentoRepository) {
        return ClusterEntity.inRegistrationOrder()
                .chain(clusters -> InstanceTypeEntity.<InstanceTypeEntity>listAll()
                        .chain(types -> bentos(bentoRepository).map(bentos -> {
                            Map<String, InstanceType> byName = new LinkedHashMap<>();
                            types.forEach(t -> byName.put(t.name, t.toInfo()));
                            return new CatalogSnapshot(
                                    clusters.stream().map(ClusterEntity::toInfo).toList(),
                                    defaultCluster.orElse(null),
                                    byName,
                                    bentos);
                        })));
    }

    public Uni<Optional<BentoInfo>> resolve(BentoRef ref) {
        return snapshot(Optional.of(ref.repository())).map(s -> s.resolve(ref));
    }

    /** The registered clusters, the default one first (then registration order). */
    public Uni<List<ClusterInfo>> clusters() {
        return snapshot(Optional.empty()).map(CatalogSnapshot::clustersDefaultFirst);
    }

    private static Uni<List<BentoInfo>> bentos(Optional<String> repository) {
        if (repository.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return BentoEntity.ofRepository(repository.get())
                .map(list -> list.stream().map(BentoEntity::toInfo).toList());
    }
}
