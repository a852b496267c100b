package dev.tiffin.gateway.api;

import dev.tiffin.gateway.domain.ApiToken;
import dev.tiffin.gateway.domain.Scope;
import dev.tiffin.gateway.domain.TokenSecrets;
import dev.tiffin.gateway.persistence.TokenStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The first admin token: {@code tiffin.bootstrap-token} (env {@code TIFFIN_BOOTSTRAP_TOKEN}) is stored at startup as
 * token {@code bootstrap} with scope admin when absent (or when its secret changed). A revoked bootstrap token stays
 * revoked while its secret is unchanged.
 */
@ApplicationScoped
public class BootstrapToken {

    static final String ID = "bootstrap";
    private static final Logger LOG = Logger.getLogger(BootstrapToken.class);

    void onStart(
            @Observes StartupEvent event,
            @ConfigProperty(name = "tiffin.bootstrap-token") Optional<String> secret,
            TokenStore store,
            TokenService tokens,
            Clock clock) {
        if (secret.isEmpty() || secret.get().isBlank()) {
            LOG.info("no bootstrap token configured (TIFFIN_BOOTSTRAP_TOKEN); create tokens with an admin token");
            return;
        }
        String hash = TokenSecrets.hash(secret.get().trim());
        try {
            Optional<ApiToken> existing = VertxContextSupport.subscribeAndAwait(() -> store.findById(ID));
            if (existing.isPresent() && existing.get().hash().equals(hash)) {
                return;
            }
            ApiToken token = new ApiToken(ID, ID, hash, Set.of(Scope.ADMIN), List.of(), null, clock.instant(), null);
            VertxContextSupport.subscribeAndAwait(() -> store.upsert(token));
            LOG.info("stored the bootstrap admin token (id bootstrap)");
            // awaited at most tiffin.kafka.send-timeout; a failure is logged and the gateway starts anyway
            VertxContextSupport.subscribeAndAwait(() -> tokens.publishCreated(token)
                    .onFailure()
                    .invoke(t -> LOG.warnf("publishing TokenCreated of the bootstrap token failed: %s", t.toString()))
                    .onFailure()
                    .recoverWithNull());
        } catch (Throwable e) {
            LOG.errorf("storing the bootstrap token failed: %s", e.toString());
        }
    }
}
