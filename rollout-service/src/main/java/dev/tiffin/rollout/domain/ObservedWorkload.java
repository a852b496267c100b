package dev.tiffin.rollout.domain;

/**
 * One revision's workload of one component as the cluster shows it: {@code component} is the component's name in
 * events ({@code api-server} or the runner's name), {@code kubeName} its DNS-1123 form, {@code desired} the workload's
 * {@code spec.replicas} (as last written), {@code current} its pods that are not terminating and {@code ready} its ready
 * pods; {@code limits} the revision's replica bounds and strategy, fixed when the workload was created.
 */
public record ObservedWorkload(
        String component, String kubeName, int revision, int desired, int current, int ready, WorkloadLimits limits) {

    public ObservedWorkload {
        current = Math.max(current, ready);
    }

    public RevisionReplicas replicas() {
        return new RevisionReplicas(desired, current, ready);
    }

    /** Whether any pod of it exists or is wanted. */
    public boolean active() {
        return desired > 0 || current > 0;
    }
}
