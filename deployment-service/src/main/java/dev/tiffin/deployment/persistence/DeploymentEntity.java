package dev.tiffin.deployment.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.deployment.domain.ProjectionState;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A deployment incarnation: identity, latest revision (number, submitted spec, Bento) and its status projection. */
@Entity
@Table(name = "deployment")
public class DeploymentEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "deployment_key")
    public String deploymentKey;

    public String cluster;
    public String namespace;
    public String name;
    public boolean deleted;

    @Column(name = "latest_revision")
    public int latestRevision;

    public String status;
    public String labels;
    public String spec;
    public String bento;
    public String projection;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The live (not deleted) deployment of an id, locked for update until the transaction ends. */
    public static Uni<DeploymentEntity> findLiveForUpdate(DeploymentId id) {
        return find("deploymentKey = ?1 and deleted = false", id.key())
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public static Uni<DeploymentEntity> findLive(DeploymentId id) {
        return find("deploymentKey = ?1 and deleted = false", id.key()).firstResult();
    }

    public DeploymentId deploymentId() {
        return new DeploymentId(cluster, namespace, name);
    }

    public ProjectionState projectionState() {
        return JsonColumns.read(projection, ProjectionState.class);
    }

    public void projectionState(ProjectionState state) {
        projection = JsonColumns.write(state);
        status = state.status();
        deleted = state.deleted();
    }

    public DeploymentSpec submittedSpec() {
        return JsonColumns.read(spec, DeploymentSpec.class);
    }

    public Map<String, String> labelMap() {
        return JsonColumns.read(labels, new TypeReference<Map<String, String>>() {});
    }
}
