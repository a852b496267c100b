package dev.tiffin.gateway.api;

import dev.tiffin.contracts.events.EventCodec;
import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.events.data.TokenRevoked;
import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Scope;
import dev.tiffin.gateway.messaging.EventPublisher;
import dev.tiffin.gateway.persistence.TokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * Stores tokens and tells the other services ({@code tiffin.access}, compacted, key = token id): only the hash and
 * the scopes travel, never the secret. A token whose event cannot be published is not kept.
 */
@ApplicationScoped
public class TokenService {

    private final TokenStore store;
    private final EventPublisher publisher;
    private final Clock clock;

    public TokenService(TokenStore store, EventPublisher publisher, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Publishes TokenCreated of a stored token. */
    public Uni<Void> publishCreated(ApiToken token) {
        return publisher.publishAccess(
                token.id(), EventCodec.wrap(DeploymentWrites.SOURCE, token.id(), created(token), clock));
    }

    /** Creates a new token; when Kafka does not take its event, the token is removed again and the call fails. */
    public Uni<ApiToken> create(ApiToken token) {
        return store.insert(token)
                .chain(saved -> publisher
                        .publishAccess(
                                saved.id(), EventCodec.wrap(DeploymentWrites.SOURCE, saved.id(), created(saved), clock))
                        .replaceWith(saved)
                        .onFailure()
                        .recoverWithUni(t -> store.delete(saved.id())
                                .chain(() -> Uni.createFrom().failure(t))));
    }

    public Uni<Optional<ApiToken>> revoke(String id) {
        return store.revoke(id, clock.instant()).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(found);
            }
            TokenRevoked data = new TokenRevoked(id, found.get().revokedAt());
            return publisher
                    .publishAccess(id, EventCodec.wrap(DeploymentWrites.SOURCE, id, data, clock))
                    .replaceWith(found);
        });
    }

    static TokenCreated created(ApiToken t) {
        return new TokenCreated(
                t.id(),
                t.name(),
                t.hash(),
                t.scopes().stream().map(Scope::wire).sorted().toList(),
                t.deployments(),
                t.expiresAt(),
                t.createdAt());
    }
}
