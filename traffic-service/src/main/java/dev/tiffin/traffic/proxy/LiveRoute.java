package dev.tiffin.traffic.proxy;

import dev.tiffin.traffic.domain.DeploymentRoute;
import java.util.Map;

/** A deployment's current route and the gates of its components; replaced as a whole when a revision changes it. */
public record LiveRoute(DeploymentRoute route, Map<String, ComponentGate> gates) {

    public ComponentGate gate(String component) {
        return gates.get(component);
    }
}
