package dev.tiffin.gateway.api;

import dev.tiffin.contracts.json.StrictReader;
import dev.tiffin.contracts.json.TiffinJson;
import dev.tiffin.contracts.spec.DeploymentId;
import dev.tiffin.contracts.validation.InvalidDocumentException;
import dev.tiffin.contracts.validation.Violation;
import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Scope;
import dev.tiffin.gateway.domain.TokenSecrets;
import dev.tiffin.gateway.messaging.EventPublisher;
import dev.tiffin.gateway.persistence.TokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** API tokens (admin scope). The secret is shown once, in the answer to its creation. */
@Path("/v1/tokens")
@Tag(name = "tokens")
@Produces(MediaType.APPLICATION_JSON)
@RequiresScope(Scope.ADMIN)
public class TokensResource {

    private final TokenService tokens;
    private final TokenStore store;
    private final SecureRandom random;
    private final Clock clock;

    public TokensResource(TokenService tokens, TokenStore store, SecureRandom random, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /** What a client asks for. */
    public record TokenRequest(
            String name, List<String> scopes, List<String> deployments, Long expiresInSeconds, Instant expiresAt) {}

    /** A token as listed: never its secret or hash. */
    public record TokenView(
            String id,
            String name,
            List<String> scopes,
            List<String> deployments,
            Instant expiresAt,
            Instant createdAt,
            Instant revokedAt,
            boolean active) {

        static TokenView of(ApiToken t, Instant now) {
            return new TokenView(
                    t.id(),
                    t.name(),
                    t.scopes().stream().map(Scope::wire).sorted().toList(),
                    t.deployments(),
                    t.expiresAt(),
                    t.createdAt(),
                    t.revokedAt(),
                    t.isActive(now));
        }
    }

    /** The answer to a creation: the only time the secret is shown. */
    public record CreatedToken(
            String id,
            String name,
            String token,
            List<String> scopes,
            List<String> deployments,
            Instant expiresAt,
            Instant createdAt) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token; its secret is in this answer only")
    public Uni<Response> create(String body) {
        TokenRequest request = StrictReader.bind(
                StrictReader.parseTree(body == null ? "" : body, TiffinJson.mapper()), TokenRequest.class);
        Instant now = clock.instant();
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        List<Violation> violations = new ArrayList<>();
        if (request.name() == null || request.name().isBlank()) {
            violations.add(Violation.of("name", "required", "name is required"));
        } else if (request.name().length() > 200) {
            violations.add(Violation.of("name", "too_long", "name is at most 200 characters"));
        }
        if (request.scopes() == null || request.scopes().isEmpty()) {
            violations.add(Violation.of("scopes", "required", "at least one scope is required"));
        } else {
            for (int i = 0; i < request.scopes().size(); i++) {
                String s = request.scopes().get(i);
                int index = i;
                Scope.parse(s)
                        .ifPresentOrElse(
                                scopes::add,
                                () -> violations.add(Violation.of(
                                        "scopes[" + index + "]",
                                        "invalid_value",
                                        "unknown scope '" + s
                                                + "' (deployments:read, deployments:write, admin, endpoints:invoke)")));
            }
        }
        List<String> deployments = request.deployments() == null ? List.of() : request.deployments();
        for (int i = 0; i < deployments.size(); i++) {
            try {
                DeploymentId.parse(String.valueOf(deployments.get(i)));
            } catch (IllegalArgumentException e) {
                violations.add(Violation.of(
                        "deployments[" + i + "]", "invalid_value", "a deployment is named cluster/namespace/name"));
            }
        }
        Instant expiresAt = null;
        if (request.expiresInSeconds() != null && request.expiresAt() != null) {
            violations.add(
                    Violation.of("expires_at", "conflict", "give either expires_in_seconds or expires_at, not both"));
        } else if (request.expiresInSeconds() != null) {
            if (request.expiresInSeconds() <= 0) {
                violations.add(Violation.of("expires_in_seconds", "out_of_range", "must be positive"));
            } else {
                expiresAt = now.plusSeconds(request.expiresInSeconds());
            }
        } else if (request.expiresAt() != null) {
            if (!request.expiresAt().isAfter(now)) {
                violations.add(Violation.of("expires_at", "out_of_range", "must be in the future"));
            } else {
                expiresAt = request.expiresAt();
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException(violations);
        }
        String secret = TokenSecrets.generate(random);
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        ApiToken token = new ApiToken(
                "tok_" + HexFormat.of().formatHex(idBytes),
                request.name().trim(),
                TokenSecrets.hash(secret),
                scopes,
                deployments,
                expiresAt,
                now,
                null);
        return tokens.create(token)
                .onFailure(t -> !(t instanceof ProblemException))
                .transform(t -> t instanceof EventPublisher.KafkaUnavailableException
                                || String.valueOf(t.getMessage()).toLowerCase().contains("kafka")
                        ? ProblemException.unavailable("Kafka is unavailable: the token was not created", 5)
                        : t)
                .map(saved -> Response.created(URI.create("/v1/tokens/" + saved.id()))
                        .entity(new CreatedToken(
                                saved.id(),
                                saved.name(),
                                secret,
                                saved.scopes().stream()
                                        .map(Scope::wire)
                                        .sorted()
                                        .toList(),
                                saved.deployments(),
                                saved.expiresAt(),
                                saved.createdAt()))
                        .build());
    }

    @GET
    @Operation(summary = "All tokens, without secrets or hashes")
    public Uni<List<TokenView>> list() {
        Instant now = clock.instant();
        return store.list()
                .map(all -> all.stream().map(t -> TokenView.of(t, now)).toList());
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token")
    public Uni<Response> revoke(@RestPath String id) {
        return tokens.revoke(id).map(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("no token " + id);
            }
            return Response.noContent().build();
        });
    }
}
