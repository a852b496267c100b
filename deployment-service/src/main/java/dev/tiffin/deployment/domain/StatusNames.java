package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.status.DeploymentStatus;

/** The wire names of {@link DeploymentStatus} and the status reasons the projection writes. */
public final class StatusNames {

    public static final String DEPLOYING = DeploymentStatus.DEPLOYING.wire();
    public static final String RUNNING = DeploymentStatus.RUNNING.wire();
    public static final String UNHEALTHY = DeploymentStatus.UNHEALTHY.wire();
    public static final String FAILED = DeploymentStatus.FAILED.wire();
    public static final String SCALED_TO_ZERO = DeploymentStatus.SCALED_TO_ZERO.wire();
    public static final String TERMINATING = DeploymentStatus.TERMINATING.wire();
    public static final String TERMINATED = DeploymentStatus.TERMINATED.wire();
    public static final String DELETED = DeploymentStatus.DELETED.wire();

    /** Reason of a status set while no workload was ever reported: nothing to wait for. */
    public static final String REASON_NO_WORKLOADS = "no_workloads";

    public static final String REASON_ROLLED_BACK = "rolled_back";
    public static final String REASON_REPLICAS_NOT_READY = "replicas_not_ready";
    /** Running while the new pods of a scale-up (or a wake-up from zero) start. */
    public static final String REASON_SCALING_UP = "scaling_up";

    private StatusNames() {}
}
