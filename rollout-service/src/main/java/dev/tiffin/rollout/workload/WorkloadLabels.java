package dev.tiffin.rollout.workload;

/** The labels and annotations Tiffin puts on what it writes; selectors use the first three. */
public final class WorkloadLabels {

    public static final String DEPLOYMENT = "tiffin.dev/deployment";
    public static final String COMPONENT = "tiffin.dev/component";
    public static final String REVISION = "tiffin.dev/revision";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "tiffin";

    /** Annotations: which Bento, instance type and GPU type a pod runs (informative; nothing selects on them). */
    public static final String BENTO = "tiffin.dev/bento";

    public static final String INSTANCE_TYPE = "tiffin.dev/instance-type";
    public static final String GPU_TYPE = "tiffin.dev/gpu-type";

    private WorkloadLabels() {}
}
