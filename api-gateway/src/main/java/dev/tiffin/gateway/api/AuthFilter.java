package dev.tiffin.gateway.api;

import dev.tiffin.gateway.config.GatewayMetrics;
import dev.tiffin.gateway.domain.AccessDecision;
import dev.tiffin.gateway.domain.Scope;
import dev.tiffin.gateway.domain.TokenSecrets;
import dev.tiffin.gateway.persistence.TokenStore;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Bearer-token authentication and scope checks for every {@code /v1} endpoint (the {@code /q/*} health, metrics and
 * OpenAPI endpoints are not JAX-RS resources and stay open). The token is looked up by its SHA-256 hash and compared in
 * constant time; it is never logged.
 */
public class AuthFilter {

    static final String CHALLENGE = "Bearer realm=\"tiffin\"";

    @Inject
    TokenStore tokens;

    @Inject
    CurrentCaller caller;

    @Inject
    GatewayMetrics metrics;

    @Inject
    Clock clock;

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext ctx, ResourceInfo resource) {
        Scope required = requiredScope(resource);
        Optional<String> presented = TokenSecrets.fromAuthorization(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (presented.isEmpty()) {
            return Uni.createFrom()
                    .item(deny(AccessDecision.decide(presented, Optional.empty(), required, clock.instant())));
        }
        return tokens.findByHash(TokenSecrets.hash(presented.get())).map(stored -> {
            AccessDecision decision = AccessDecision.decide(presented, stored, required, clock.instant());
            if (decision instanceof AccessDecision.Allowed allowed) {
                caller.set(allowed.token());
                return null;
            }
            return deny(decision);
        });
    }

    private Response deny(AccessDecision decision) {
        if (decision instanceof AccessDecision.Forbidden forbidden) {
            metrics.authFailure("forbidden");
            return ProblemMappers.respond(Problem.of(
                            403,
                            "forbidden",
                            "Forbidden",
                            "this token lacks the scope " + forbidden.required().wire()))
                    .build();
        }
        boolean presented = decision instanceof AccessDecision.Unauthenticated u && u.tokenPresented();
        metrics.authFailure("unauthenticated");
        return ProblemMappers.respond(Problem.of(
                        401,
                        "unauthorized",
                        "Unauthorized",
                        presented
                                ? "the bearer token is invalid, expired or revoked"
                                : "an 'Authorization: Bearer <token>' header is required"))
                .header(HttpHeaders.WWW_AUTHENTICATE, presented ? CHALLENGE + ", error=\"invalid_token\"" : CHALLENGE)
                .build();
    }

    static Scope requiredScope(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method != null && method.isAnnotationPresent(RequiresScope.class)) {
            return method.getAnnotation(RequiresScope.class).value();
        }
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (type != null && type.isAnnotationPresent(RequiresScope.class)) {
            return type.getAnnotation(RequiresScope.class).value();
        }
        return Scope.ADMIN;
    }
}
