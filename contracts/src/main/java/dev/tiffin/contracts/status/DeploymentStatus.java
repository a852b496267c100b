package dev.tiffin.contracts.status;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** A deployment's status in BentoCloud's vocabulary (DESIGN.md §5), plus {@code deleted} for the end of its story. */
public enum DeploymentStatus {
    DEPLOYING("deploying"),
    RUNNING("running"),
    UNHEALTHY("unhealthy"),
    FAILED("failed"),
    SCALED_TO_ZERO("scaled-to-zero"),
    TERMINATING("terminating"),
    TERMINATED("terminated"),
    DELETED("deleted");

    private final String wire;

    DeploymentStatus(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public static Optional<DeploymentStatus> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }
}
