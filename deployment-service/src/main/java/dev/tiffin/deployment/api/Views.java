package dev.tiffin.deployment.api;

import dev.tiffin.contracts.api.DeploymentView;
import dev.tiffin.contracts.api.RevisionView;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.deployment.domain.ProjectionState;
import dev.tiffin.deployment.domain.SpecRedaction;
import dev.tiffin.deployment.persistence.DeploymentEntity;
import dev.tiffin.deployment.persistence.JsonColumns;
import dev.tiffin.deployment.persistence.RevisionEntity;

/** Stored rows as the views of {@code dev.tiffin.contracts.api}; specs always redacted. */
final class Views {

    static final String ACTIVE = "active";
    static final String INACTIVE = "inactive";

    private Views() {}

    static DeploymentView deployment(DeploymentEntity d) {
        ProjectionState p = d.projectionState();
        return new DeploymentView(
                d.name,
                d.cluster,
                d.namespace,
                d.status,
                p.statusReason(),
                p.statusMessage(),
                d.latestRevision,
                p.activeRevision(),
                d.bento,
                shown(d.submittedSpec(), d),
                p.replicas(),
                d.createdAt,
                d.updatedAt);
    }

    static RevisionView revision(RevisionEntity r, DeploymentEntity d) {
        Integer active = d.projectionState().activeRevision();
        return new RevisionView(
                r.revision,
                active != null && active == r.revision ? ACTIVE : INACTIVE,
                shown(JsonColumns.read(r.submittedSpec, DeploymentSpec.class), d),
                r.bento,
                r.cause,
                r.requestId,
                r.createdAt);
    }

    /** A submitted spec as users get it: secrets redacted, cluster and namespace filled in. */
    static DeploymentSpec shown(DeploymentSpec submitted, DeploymentEntity d) {
        return SpecRedaction.redacted(submitted).withIdentity(d.cluster, d.namespace);
    }
}
