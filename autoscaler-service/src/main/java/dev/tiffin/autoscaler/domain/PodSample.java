package dev.tiffin.autoscaler.domain;

/**
 * One pod's reading of one metric, in milli-units as the Kubernetes metrics APIs report them: {@code usage} is the
 * pod's usage (e.g. milli-cores, or milli-requests/s), {@code null} when the pod has no sample (a missing pod unless
 * it is ignored or unready); {@code request} is the pod's resource request in the same unit (utilisation metrics
 * only; 0 when it has none, which makes a utilisation metric unreadable).
 */
public record PodSample(String pod, PodState state, Long usage, long request) {

    public static PodSample ready(String pod, long usage, long request) {
        return new PodSample(pod, PodState.READY, usage, request);
    }

    public static PodSample missing(String pod, long request) {
        return new PodSample(pod, PodState.READY, null, request);
    }

    public static PodSample unready(String pod, Long usage, long request) {
        return new PodSample(pod, PodState.UNREADY, usage, request);
    }

    public static PodSample ignored(String pod, Long usage, long request) {
        return new PodSample(pod, PodState.IGNORED, usage, request);
    }

    public static PodSample unmatched(String pod, long usage) {
        return new PodSample(pod, PodState.UNMATCHED, usage, 0);
    }
}
