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

    /**
     * The component's name in events and metrics ({@code api-server}, or the runner's name as in the spec, e.g.
     * {@code iris_clf}), on the Service, the workload and its pods: the label holds the DNS-1123 form.
     */
    public static final String COMPONENT_NAME = "tiffin.dev/component-name";

    /** On each workload: the revision's replica bounds and strategy for the component (never change afterwards). */
    public static final String MIN_REPLICAS = "tiffin.dev/min-replicas";

    public static final String MAX_REPLICAS = "tiffin.dev/max-replicas";
    public static final String STRATEGY = "tiffin.dev/strategy";

    /** The label of the ConfigMap holding a deployment's rollout record (ADR 0007). */
    public static final String ROLLOUT_RECORD = "tiffin.dev/rollout-record";

    private WorkloadLabels() {}
}
