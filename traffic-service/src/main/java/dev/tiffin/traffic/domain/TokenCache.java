package dev.tiffin.traffic.domain;

import dev.tiffin.contracts.events.data.TokenCreated;
import dev.tiffin.contracts.events.data.TokenRevoked;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens of the compacted {@code tiffin.access} topic, by the SHA-256 of their secret. One writer (the access
 * consumer) and many readers (the event loops): lookups are lock-free.
 *
 * <p>A lookup hashes the presented secret, finds the entry by that digest and compares the digests again with
 * {@link MessageDigest#isEqual} (constant time). The map lookup itself depends only on the digest of the presented
 * secret, never on the secret, so its timing tells an attacker nothing about stored tokens.
 */
public final class TokenCache {

    private final Map<ByteBuffer, TokenGrant> byHash = new ConcurrentHashMap<>();
    private final Map<String, ByteBuffer> byId = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    /** Applies a created token; ignored when the hash is malformed or the token was revoked already. */
    public void created(TokenCreated t) {
        byte[] hash = TokenHash.parseHex(t.hash());
        if (hash == null || t.tokenId() == null || revoked.contains(t.tokenId())) {
            return;
        }
        remove(t.tokenId());
        TokenGrant grant = new TokenGrant(
                t.tokenId(),
                hash,
                t.scopes() == null ? Set.of() : new HashSet<>(t.scopes()),
                t.deployments() == null ? Set.of() : new HashSet<>(t.deployments()),
                t.expiresAt());
        ByteBuffer key = ByteBuffer.wrap(grant.hash());
        byHash.put(key, grant);
        byId.put(t.tokenId(), key);
    }

    /** Applies a revocation: the token stops working with the next lookup. */
    public void revoked(TokenRevoked t) {
        revoked.add(t.tokenId());
        remove(t.tokenId());
    }

    /** A tombstone on the compacted topic (null value): the token is forgotten. */
    public void forgotten(String tokenId) {
        remove(tokenId);
    }

    private void remove(String tokenId) {
        ByteBuffer key = byId.remove(tokenId);
        if (key != null) {
            byHash.remove(key);
        }
    }

    /** The grant of a presented secret, if it is a known, unrevoked token (expiry is checked by the caller). */
    public Optional<TokenGrant> find(String secret) {
        byte[] presented = TokenHash.sha256(secret);
        TokenGrant grant = byHash.get(ByteBuffer.wrap(presented));
        if (grant == null || !MessageDigest.isEqual(grant.hash(), presented)) {
            return Optional.empty();
        }
        return Optional.of(grant);
    }

    public int size() {
        return byHash.size();
    }
}
