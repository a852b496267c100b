package dev.tiffin.traffic;

import dev.tiffin.traffic.cluster.EndpointsWatcher;
import dev.tiffin.traffic.messaging.StateReader;
import dev.tiffin.traffic.proxy.TrafficServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the data plane listens, the routes and tokens have caught up with Kafka, and the cluster's endpoints have
 * been listed once: before that a request could get a wrong 404 or 401.
 */
@Readiness
@ApplicationScoped
public class TrafficReadiness implements HealthCheck {

    private final TrafficServer server;
    private final StateReader state;
    private final EndpointsWatcher endpoints;

    public TrafficReadiness(TrafficServer server, StateReader state, EndpointsWatcher endpoints) {
        this.server = server;
        this.state = state;
        this.endpoints = endpoints;
    }

    @Override
    public HealthCheckResponse call() {
        boolean listening = server.listening();
        boolean caughtUp = state.caughtUp();
        boolean synced = endpoints.synced();
        return HealthCheckResponse.named("traffic data plane")
                .status(listening && caughtUp && synced)
                .withData("listening", listening)
                .withData("public_port", server.publicPort())
                .withData("internal_port", server.internalPort())
                .withData("routes_and_tokens_caught_up", caughtUp)
                .withData("endpoints_synced", synced)
                .build();
    }
}
