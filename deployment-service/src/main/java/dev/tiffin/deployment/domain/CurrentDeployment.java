package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.DeploymentId;
import java.util.Optional;

/**
 * A live (not deleted) deployment as a request sees it: its latest revision, for a rollback the revision the request
 * targets ({@link RequestDecider#rollbackTarget}) when it exists, and its status projection (whether a rollout is in
 * progress, which revision serves) for the rollout controls.
 */
public record CurrentDeployment(
        DeploymentId id, StoredRevision latest, Optional<StoredRevision> rollbackTarget, ProjectionState projection) {

    public CurrentDeployment(DeploymentId id, StoredRevision latest, Optional<StoredRevision> rollbackTarget) {
        this(id, latest, rollbackTarget, ProjectionState.initial());
    }

    public int latestRevision() {
        return latest.revision();
    }
}
