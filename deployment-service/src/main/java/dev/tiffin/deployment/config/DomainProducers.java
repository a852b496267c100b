package dev.tiffin.deployment.config;

import dev.tiffin.deployment.domain.RequestDecider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The domain core's collaborators as CDI beans: the clock and the request decider with the contracts' rules. */
@ApplicationScoped
public class DomainProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    RequestDecider requestDecider() {
        return new RequestDecider(new ContractsSpecRules());
    }
}
