package dev.tiffin.gateway.persistence;

import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** API tokens in schema {@code gateway}. */
@ApplicationScoped
public class TokenStore {

    public Uni<Optional<ApiToken>> findByHash(String hash) {
        return Panache.withSession(() -> TokenEntity.<TokenEntity>find("hash", hash)
                .firstResult()
                .map(e -> Optional.ofNullable(e).map(TokenStore::toDomain)));
    }

    public Uni<Optional<ApiToken>> findById(String id) {
        return Panache.withSession(() -> TokenEntity.<TokenEntity>findById(id)
                .map(e -> Optional.ofNullable(e).map(TokenStore::toDomain)));
    }

    public Uni<List<ApiToken>> list() {
        return Panache.withSession(() -> TokenEntity.<TokenEntity>listAll()
                .map(all -> all.stream()
                        .map(TokenStore::toDomain)
                        .sorted((a, b) -> a.createdAt().compareTo(b.createdAt()))
                        .toList()));
    }

    public Uni<ApiToken> insert(ApiToken token) {
        return Panache.withTransaction(() -> toEntity(token).persist()).replaceWith(token);
    }

    /** Stores {@code token}, replacing a row with the same id. */
    public Uni<ApiToken> upsert(ApiToken token) {
        return Panache.withTransaction(() -> TokenEntity.<TokenEntity>findById(token.id())
                        .chain(existing -> {
                            if (existing == null) {
                                return toEntity(token).persist();
                            }
                            copy(token, existing);
                            return Uni.createFrom().item(existing);
                        }))
                .replaceWith(token);
    }

    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> TokenEntity.deleteById(id)).replaceWithVoid();
    }

    /** Marks the token revoked; empty when unknown. An already revoked token keeps its first revocation time. */
    public Uni<Optional<ApiToken>> revoke(String id, Instant now) {
        return Panache.withTransaction(() -> TokenEntity.<TokenEntity>findById(id)
                .map(e -> {
                    if (e == null) {
                        return Optional.<ApiToken>empty();
                    }
                    if (e.revokedAt == null) {
                        e.revokedAt = now;
                    }
                    return Optional.of(toDomain(e));
                }));
    }

    static ApiToken toDomain(TokenEntity e) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        split(e.scopes).forEach(s -> Scope.parse(s).ifPresent(scopes::add));
        return new ApiToken(e.id, e.name, e.hash, scopes, split(e.deployments), e.expiresAt, e.createdAt, e.revokedAt);
    }

    private static TokenEntity toEntity(ApiToken token) {
        TokenEntity e = new TokenEntity();
        e.id = token.id();
        copy(token, e);
        return e;
    }

    private static void copy(ApiToken token, TokenEntity e) {
        e.name = token.name();
        e.hash = token.hash();
        e.scopes = token.scopes().stream().map(Scope::wire).sorted().collect(Collectors.joining(","));
        e.deployments = String.join(",", token.deployments());
        e.expiresAt = token.expiresAt();
        e.createdAt = token.createdAt();
        e.revokedAt = token.revokedAt();
    }

    private static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
