package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.catalog.BentoInfo;
import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.catalog.InstanceType;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.time.Instant;
import java.util.Map;

/**
 * A new revision of a deployment's spec. {@code spec} is the effective spec (defaults applied, bento version
 * concrete, secret values sealed); {@code bento} and {@code instance_types} are the catalog entries it refers to, so
 * that consumers need no catalog lookups; {@code cluster} is the registered cluster it runs on (how to reach it), null
 * in events published before it was added. {@code cause} is create, update, rollback or restart.
 */
public record RevisionCreated(
        DeploymentId deployment,
        int revision,
        Integer previousRevision,
        String requestId,
        String cause,
        DeploymentSpec spec,
        BentoInfo bento,
        Map<String, InstanceType> instanceTypes,
        ClusterInfo cluster,
        Instant createdAt)
        implements EventData {}
