package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.events.data.StatusChanged;
import java.util.Optional;

/** The projection after an event, and the status change to publish when the status moved. */
public record ProjectionResult(ProjectionState state, Optional<StatusChanged> statusChanged) {}
