package dev.tiffin.deployment.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.deployment.domain.StoredRevision;
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
import java.util.Map;

/** One revision of a deployment incarnation: the submitted and the effective spec, and the catalog entries. */
@Entity
@Table(name = "revision")
public class RevisionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deployment_id")
    public Long deploymentId;

    public int revision;

    @Column(name = "submitted_spec")
    public String submittedSpec;

    @Column(name = "effective_spec")
    public String effectiveSpec;

    public String bento;

    @Column(name = "bento_info")
    public String bentoInfo;

    @Column(name = "instance_types")
    public String instanceTypes;

    public String cause;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "created_at")
    public Instant createdAt;

    public static Uni<RevisionEntity> findRevision(long deploymentId, int revision) {
        return find("deploymentId = ?1 and revision = ?2", deploymentId, revision)
                .firstResult();
    }

    public static Uni<List<RevisionEntity>> newestFirst(long deploymentId) {
        return find("deploymentId", Sort.descending("revision"), deploymentId).list();
    }

    public static RevisionEntity of(long deploymentId, StoredRevision r) {
        RevisionEntity e = new RevisionEntity();
        e.deploymentId = deploymentId;
        e.revision = r.revision();
        e.submittedSpec = JsonColumns.write(r.submittedSpec());
        e.effectiveSpec = JsonColumns.write(r.effectiveSpec());
        e.bento = r.bento().tag();
        e.bentoInfo = JsonColumns.write(r.bento());
        e.instanceTypes = JsonColumns.write(r.instanceTypes());
        e.cause = r.cause();
        e.requestId = r.requestId();
        e.createdAt = r.createdAt();
        return e;
    }

    public StoredRevision toStored() {
        return new StoredRevision(
                revision,
                JsonColumns.read(submittedSpec, DeploymentSpec.class),
                JsonColumns.read(effectiveSpec, DeploymentSpec.class),
                JsonColumns.read(bentoInfo, BentoInfo.class),
                JsonColumns.read(instanceTypes, new TypeReference<Map<String, InstanceType>>() {}),
                cause,
                requestId,
                createdAt);
    }
}
