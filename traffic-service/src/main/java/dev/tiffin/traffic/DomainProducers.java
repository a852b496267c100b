package dev.tiffin.traffic;

import dev.tiffin.traffic.domain.TokenCache;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The domain objects the adapters share. */
public class DomainProducers {

    @Produces
    @Singleton
    TokenCache tokenCache() {
        return new TokenCache();
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
