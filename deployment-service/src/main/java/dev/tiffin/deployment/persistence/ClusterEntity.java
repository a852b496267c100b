package dev.tiffin.deployment.persistence;

import dev.tiffin.contracts.catalog.ClusterInfo;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A registered cluster; {@code seq} keeps the registration order (the first is the default cluster). */
@Entity
@Table(name = "cluster")
public class ClusterEntity extends PanacheEntityBase {

    @Id
    public String name;

    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "default_namespace")
    public String defaultNamespace;

    @Column(name = "kubeconfig_context")
    public String kubeconfigContext;

    public String description;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Uni<List<ClusterEntity>> inRegistrationOrder() {
        return listAll(Sort.ascending("seq"));
    }

    public static ClusterEntity of(ClusterInfo info, Instant at) {
        ClusterEntity e = new ClusterEntity();
        e.name = info.name();
        e.defaultNamespace = info.defaultNamespace();
        e.kubeconfigContext = info.kubeconfigContext();
        e.description = info.description();
        e.createdAt = at;
        return e;
    }

    public ClusterInfo toInfo() {
        return new ClusterInfo(name, defaultNamespace, kubeconfigContext, description);
    }
}
