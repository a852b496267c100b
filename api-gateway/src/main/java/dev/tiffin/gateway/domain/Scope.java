package dev.tiffin.gateway.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an API token may do. {@code admin} implies every scope; {@code deployments:write} implies {@code
 * deployments:read}.
 */
public enum Scope {
    DEPLOYMENTS_READ("deployments:read"),
    DEPLOYMENTS_WRITE("deployments:write"),
    ADMIN("admin"),
    ENDPOINTS_INVOKE("endpoints:invoke");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Scope> parse(String text) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(text)).findFirst();
    }

    /** Whether holding this scope grants {@code required}. */
    public boolean implies(Scope required) {
        return this == required || this == ADMIN || (this == DEPLOYMENTS_WRITE && required == DEPLOYMENTS_READ);
    }
}
