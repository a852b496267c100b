package dev.tiffin.contracts.events.data;

import java.time.Instant;

/** An API token was revoked. */
public record TokenRevoked(String tokenId, Instant revokedAt) implements EventData {}
