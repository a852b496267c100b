package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Instant;
import java.util.Map;

/**
 * One revision of a deployment: the spec as submitted (what "Download as JSON" returns), the effective spec (defaults
 * applied, Bento version concrete, secret values sealed), and the catalog entries it resolved to.
 */
public record StoredRevision(
        int revision,
        DeploymentSpec submittedSpec,
        DeploymentSpec effectiveSpec,
        BentoInfo bento,
        Map<String, InstanceType> instanceTypes,
        String cause,
        String requestId,
        Instant createdAt) {}
