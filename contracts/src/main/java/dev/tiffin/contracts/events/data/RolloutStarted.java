package dev.tiffin.contracts.events.data;

import dev.tiffin.contracts.spec.DeploymentId;
import java.util.List;

/** The rollout service began moving a deployment from one revision to another. */
public record RolloutStarted(
        DeploymentId deployment, int revision, Integer fromRevision, String strategy, List<String> warnings)
        implements EventData {}
