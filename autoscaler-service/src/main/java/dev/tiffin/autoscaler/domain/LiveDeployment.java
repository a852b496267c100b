package dev.tiffin.autoscaler.domain;

import dev.tiffin.contracts.catalog.ClusterInfo;
import dev.tiffin.contracts.events.data.RevisionCreated;
import dev.tiffin.contracts.spec.DeploymentId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One deployment in the live autoscaler: where it runs, its latest revision, whether a rollout is in progress (the
 * rollout-service owns the counts then: components are not evaluated, except to activate one at zero), the previous
 * revision's components (to go back to after a rollback), and its components by name. Immutable.
 */
public record LiveDeployment(
        DeploymentId id,
        ClusterInfo cluster,
        int revision,
        boolean rollingOut,
        int previousRevision,
        List<ComponentSpec> previousComponents,
        Map<String, LiveComponent> components) {

    public LiveDeployment {
        previousComponents = List.copyOf(previousComponents);
        components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /**
     * A new revision: its components get its specs (a known component keeps its history and counts; one the revision
     * no longer has is forgotten). An older or repeated revision changes nothing (at-least-once delivery).
     */
    public static LiveDeployment revisionCreated(LiveDeployment known, RevisionCreated event) {
        if (known != null && event.revision() <= known.revision) {
            return known;
        }
        List<ComponentSpec> specs = ComponentSpec.of(event);
        Map<String, LiveComponent> next = new LinkedHashMap<>();
        for (ComponentSpec spec : specs) {
            LiveComponent existing = known == null ? null : known.components.get(spec.name());
            next.put(
                    spec.name(), existing == null ? LiveComponent.of(spec, event.revision()) : existing.withSpec(spec));
        }
        ClusterInfo cluster = event.cluster() != null ? event.cluster() : known == null ? null : known.cluster;
        return new LiveDeployment(
                event.deployment(),
                cluster,
                event.revision(),
                known != null && known.rollingOut,
                known == null ? 0 : known.revision,
                known == null ? List.of() : known.specs(),
                next);
    }

    /** The components' specs, in order. */
    public List<ComponentSpec> specs() {
        return components.values().stream().map(LiveComponent::spec).toList();
    }

    public LiveDeployment withComponent(LiveComponent component) {
        Map<String, LiveComponent> next = new LinkedHashMap<>(components);
        next.put(component.name(), component);
        return new LiveDeployment(id, cluster, revision, rollingOut, previousRevision, previousComponents, next);
    }

    public LiveDeployment withRollingOut(boolean value) {
        return value == rollingOut
                ? this
                : new LiveDeployment(id, cluster, revision, value, previousRevision, previousComponents, components);
    }

    /**
     * The rollout of {@code from} failed and the deployment went back to {@code to}: when {@code to} is the previous
     * revision its components' specs come back; every component follows {@code to}'s counts from now on.
     */
    public LiveDeployment rolledBack(int from, int to) {
        if (from != revision) {
            return withRollingOut(false);
        }
        Map<String, LiveComponent> next = new LinkedHashMap<>();
        if (to == previousRevision && !previousComponents.isEmpty()) {
            for (ComponentSpec spec : previousComponents) {
                LiveComponent existing = components.get(spec.name());
                next.put(
                        spec.name(),
                        existing == null
                                ? LiveComponent.of(spec, to)
                                : existing.withSpec(spec).followRevision(to));
            }
        } else {
            components.forEach((name, c) -> next.put(name, c.followRevision(to)));
        }
        return new LiveDeployment(id, cluster, to, false, previousRevision, previousComponents, next);
    }

    /** Counts of one component observed by the rollout-service (ignored for a component this revision lacks). */
    public LiveDeployment withCounts(
            String component, int reportedRevision, int desired, int ready, Instant now, LiveSettings settings) {
        LiveComponent c = components.get(component);
        if (c == null || reportedRevision > revision) {
            return this;
        }
        LiveComponent next = c.withCounts(reportedRevision, desired, ready, now, settings);
        return next == c ? this : withComponent(next);
    }

    /**
     * Whether {@code component} may be evaluated now: it has a current count, and no rollout is in progress unless it
     * is at zero with an activation waiting.
     */
    public boolean evaluable(String component) {
        LiveComponent c = components.get(component);
        if (c == null || c.current() == null) {
            return false;
        }
        return !rollingOut || (c.current() == 0 && c.activationAt() != null);
    }
}
