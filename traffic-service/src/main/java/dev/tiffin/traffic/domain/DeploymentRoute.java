package dev.tiffin.traffic.domain;

import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.DeploymentId;
import java.util.Map;

/**
 * What the traffic service knows of one deployment from its latest revision: the access type and the policy of each
 * component ({@code api-server} and each runner by its spec name). {@code terminated}: the deployment was terminated
 * (its workloads removed, the route kept), so requests get 503 at once instead of waiting for a replica.
 */
public record DeploymentRoute(
        DeploymentId id, int revision, AccessType access, Map<String, ComponentPolicy> components, boolean terminated) {

    public static final String API_SERVER = "api-server";

    public DeploymentRoute {
        components = Map.copyOf(components);
    }

    public DeploymentRoute asTerminated() {
        return new DeploymentRoute(id, revision, access, components, true);
    }

    /** {@code namespace/name}: how routes are looked up (one traffic service serves one cluster). */
    public String key() {
        return key(id.namespace(), id.name());
    }

    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
