package dev.tiffin.contracts.events;

import dev.tiffin.contracts.events.data.*;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type Tiffin publishes: its CloudEvents type name (reverse-DNS, past tense, versioned), the record of
 * its data, and its topic. A published shape is never edited; a breaking change is a new entry with a new version.
 */
public enum EventType {
    DEPLOYMENT_REQUESTED("dev.tiffin.deployment.requested.v1", DeploymentRequested.class, Topics.DEPLOYMENT_REQUESTS),
    DEPLOYMENT_ACCEPTED("dev.tiffin.deployment.accepted.v1", DeploymentAccepted.class, Topics.DEPLOYMENT_EVENTS),
    DEPLOYMENT_REJECTED("dev.tiffin.deployment.rejected.v1", DeploymentRejected.class, Topics.DEPLOYMENT_EVENTS),
    REVISION_CREATED("dev.tiffin.deployment.revision_created.v1", RevisionCreated.class, Topics.DEPLOYMENT_EVENTS),
    ROLLOUT_STARTED("dev.tiffin.rollout.started.v1", RolloutStarted.class, Topics.DEPLOYMENT_EVENTS),
    ROLLOUT_STEP_COMPLETED(
            "dev.tiffin.rollout.step_completed.v1", RolloutStepCompleted.class, Topics.DEPLOYMENT_EVENTS),
    ROLLOUT_COMPLETED("dev.tiffin.rollout.completed.v1", RolloutCompleted.class, Topics.DEPLOYMENT_EVENTS),
    ROLLOUT_FAILED("dev.tiffin.rollout.failed.v1", RolloutFailed.class, Topics.DEPLOYMENT_EVENTS),
    ROLLOUT_ROLLED_BACK("dev.tiffin.rollout.rolled_back.v1", RolloutRolledBack.class, Topics.DEPLOYMENT_EVENTS),
    SCALING_DECIDED("dev.tiffin.autoscaling.scaling_decided.v1", ScalingDecided.class, Topics.DEPLOYMENT_EVENTS),
    REPLICAS_CHANGED("dev.tiffin.rollout.replicas_changed.v1", ReplicasChanged.class, Topics.DEPLOYMENT_EVENTS),
    TRAFFIC_POLICY_APPLIED(
            "dev.tiffin.traffic.policy_applied.v1", TrafficPolicyApplied.class, Topics.DEPLOYMENT_EVENTS),
    WORKLOADS_REMOVED("dev.tiffin.rollout.workloads_removed.v1", WorkloadsRemoved.class, Topics.DEPLOYMENT_EVENTS),
    STATUS_CHANGED("dev.tiffin.deployment.status_changed.v1", StatusChanged.class, Topics.DEPLOYMENT_EVENTS),
    METRIC_SAMPLED("dev.tiffin.metrics.sampled.v1", MetricSampled.class, Topics.METRICS),
    ACTIVATION_REQUESTED("dev.tiffin.traffic.activation_requested.v1", ActivationRequested.class, Topics.METRICS),
    TOKEN_CREATED("dev.tiffin.access.token_created.v1", TokenCreated.class, Topics.ACCESS),
    TOKEN_REVOKED("dev.tiffin.access.token_revoked.v1", TokenRevoked.class, Topics.ACCESS);

    private final String type;
    private final Class<? extends EventData> dataClass;
    private final String topic;

    EventType(String type, Class<? extends EventData> dataClass, String topic) {
        this.type = type;
        this.dataClass = dataClass;
        this.topic = topic;
    }

    public String type() {
        return type;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> byType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }

    public static EventType of(Class<? extends EventData> dataClass) {
        return Arrays.stream(values())
                .filter(t -> t.dataClass == dataClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + dataClass));
    }
}
