package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.events.CloudEvent;
import dev.tiffin.contracts.spec.DeploymentId;
import java.util.Optional;

/** The deployment an event is about: its CloudEvents subject, {@code cluster/namespace/name}. */
public final class EventSubjects {

    private EventSubjects() {}

    public static Optional<DeploymentId> deploymentOf(CloudEvent event) {
        if (event.subject() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeploymentId.parse(event.subject()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
