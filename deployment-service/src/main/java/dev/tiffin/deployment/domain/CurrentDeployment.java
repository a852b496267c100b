package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.DeploymentId;
import java.util.Optional;

/**
 * A live (not deleted) deployment as a request sees it: its latest revision and, for a rollback, the revision the
 * request targets ({@link RequestDecider#rollbackTarget}) when it exists.
 */
public record CurrentDeployment(DeploymentId id, StoredRevision latest, Optional<StoredRevision> rollbackTarget) {

    public int latestRevision() {
        return latest.revision();
    }
}
