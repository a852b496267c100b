package dev.tiffin.traffic.domain;

import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.events.data.WorkloadsRemoved;
import dev.tiffin.contracts.spec.AccessType;
import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How the deployment events change the route table. Pure functions. */
public final class Routes {

    private Routes() {}

    /**
     * The route of a revision when it runs on {@code cluster}, else empty (another traffic service serves it). The
     * spec is the effective one; the defaults are applied again (idempotent) so that an older event without them still
     * gives a usable route.
     */
    public static Optional<DeploymentRoute> fromRevision(RevisionCreated event, String cluster) {
        if (event.deployment() == null || !cluster.equals(event.deployment().cluster()) || event.spec() == null) {
            return Optional.empty();
        }
        DeploymentSpec spec = event.spec();
        AccessType access = spec.accessType() == null ? AccessType.PROTECTED : AccessType.parse(spec.accessType());
        Map<String, ComponentPolicy> components = new LinkedHashMap<>();
        components.put(DeploymentRoute.API_SERVER, policy(spec.apiServer()));
        if (spec.runners() != null) {
            spec.runners().forEach((name, runner) -> components.put(name, policy(runner)));
        }
        return Optional.of(new DeploymentRoute(event.deployment(), event.revision(), access, components, false));
    }

    private static ComponentPolicy policy(Component component) {
        return ComponentPolicy.of(component == null ? null : component.traffic());
    }

    /** What a WorkloadsRemoved does: delete → the route goes; terminate (or anything else) → it stays, terminated. */
    public enum Removal {
        DELETE,
        TERMINATE
    }

    public static Removal removal(WorkloadsRemoved event) {
        return "delete".equals(event.cause()) ? Removal.DELETE : Removal.TERMINATE;
    }
}
