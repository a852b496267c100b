package dev.tiffin.gateway.config;

import dev.tiffin.contracts.secrets.SecretSealer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** The gateway's infrastructure beans: the clock, the random source of token secrets, the secret sealer. */
@ApplicationScoped
public class GatewayBeans {

    private static final Logger LOG = Logger.getLogger(GatewayBeans.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    /**
     * Seals secret env values with {@code tiffin.secrets.key} (env {@code TIFFIN_SECRETS_KEY}: base64 of 32 bytes).
     * Without it (development, tests) a random key is made at startup, so sealed values of this run are not readable
     * by other services.
     */
    @Produces
    @Singleton
    @Startup
    SecretSealer secretSealer(@ConfigProperty(name = "tiffin.secrets.key") Optional<String> key, SecureRandom random) {
        if (key.isPresent() && !key.get().isBlank()) {
            return SecretSealer.fromBase64(key.get());
        }
        LOG.warn("tiffin.secrets.key (TIFFIN_SECRETS_KEY) is not set: sealing secret env values with a random key of"
                + " this process; other services cannot open them. Set a shared key outside development.");
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return SecretSealer.fromBase64(Base64.getEncoder().encodeToString(bytes));
    }
}
