package dev.tiffin.autoscaler.domain;

/**
 * What the HPA's {@code groupPods} makes of a pod, in its order: a pod being deleted or Failed is ignored (it leaves
 * the metric and the count); a Pending pod, or a cpu pod still warming up, is unready; a pod with no sample is missing;
 * the rest are ready. {@link #UNMATCHED} marks a sample whose pod the component's selector does not match (the HPA's
 * "extraneous" metrics: no request, but counted in the final multiplication).
 */
public enum PodState {
    READY,
    UNREADY,
    IGNORED,
    UNMATCHED
}
