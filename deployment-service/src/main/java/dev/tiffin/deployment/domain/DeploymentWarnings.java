package dev.tiffin.deployment.domain;

import dev.tiffin.contracts.spec.Component;
import dev.tiffin.contracts.spec.DeploymentSpec;
import dev.tiffin.contracts.spec.DeploymentStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Accepted but risky choices, reported with the verdict so that the user hears of them. */
public final class DeploymentWarnings {

    private DeploymentWarnings() {}

    public static List<String> of(DeploymentSpec effective) {
        List<String> warnings = new ArrayList<>();
        if (DeploymentStrategy.RECREATE.wire().equals(effective.deploymentStrategy())) {
            warnings.add("deployment_strategy Recreate stops every replica before starting the new ones:"
                    + " the endpoint is down during each update");
        }
        if (scalesToZero(effective.apiServer())) {
            warnings.add("api_server.autoscaling.min_replicas is 0: the first request after idling waits for a"
                    + " replica to start");
        }
        if (effective.runners() != null) {
            for (Map.Entry<String, Component> e : effective.runners().entrySet()) {
                if (scalesToZero(e.getValue())) {
                    warnings.add("runners." + e.getKey() + ".autoscaling.min_replicas is 0: the first request after"
                            + " idling waits for a replica to start");
                }
            }
        }
        return List.copyOf(warnings);
    }

    private static boolean scalesToZero(Component component) {
        return component != null
                && component.autoscaling() != null
                && Integer.valueOf(0).equals(component.autoscaling().minReplicas());
    }
}
