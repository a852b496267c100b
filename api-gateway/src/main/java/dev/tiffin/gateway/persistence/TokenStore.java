package dev.tiffin.gateway.persistence;

import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API tokens in schema {@code gateway}. Lookups by hash (one per authenticated request) are cached for {@code
 * tiffin.auth.cache-ttl} (default 1 s): a revocation through this instance clears the cache at once, one through
 * another instance takes effect within the TTL. Unknown hashes are never cached, so presenting random tokens cannot
 * fill the cache.
 */
@ApplicationScoped
public class TokenStore {

    private static final int CACHE_LIMIT = 10_000;

    private record Cached(ApiToken token, Instant loadedAt) {}

    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration cacheTtl;

    public TokenStore(
            Clock clock, @ConfigProperty(name = "tiffin.auth.cache-ttl", defaultValue = "1s") Duration cacheTtl) {
        this.clock = clock;
        this.cacheTtl = cacheTtl;
    }

    public Uni<Optional<ApiToken>> findByHash(String hash) {
        Instant now = clock.instant();
        Cached cached = byHash.get(hash);
        if (cached != null && now.isBefore(cached.loadedAt().plus(cacheTtl))) {
            return Uni.createFrom().item(Optional.of(cached.token()));
        }
        return Panache.withSession(() -> TokenEntity.<TokenEntity>find("hash", hash)
                        .firstResult()
                        .map(e -> Optional.ofNullable(e).map(TokenStore::toDomain)))
                .invoke(found -> found.ifPresent(token -> remember(hash, token, now)));
    }

    private void remember(String hash, ApiToken token, Instant now) {
        if (byHash.size() >= CACHE_LIMIT) {
            byHash.clear();
        }
        byHash.put(hash, new Cached(token, now));
    }

    /** Forgets every cached lookup (after a token changed). */
    public void forgetCached() {
        byHash.clear();
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
                .invoke(this::forgetCached)
                .replaceWith(token);
    }

    public Uni<Void> delete(String id) {
        return Panache.withTransaction(() -> TokenEntity.deleteById(id))
                .invoke(this::forgetCached)
                .replaceWithVoid();
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
                        }))
                .invoke(this::forgetCached);
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
