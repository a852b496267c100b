package dev.tiffin.contracts.spec;

import java.util.List;

/** An API server or a runner: how it scales, what it runs on, how its traffic is controlled. */
public record Component(
        Autoscaling autoscaling,
        Resources resources,
        TrafficControl traffic,
        List<EnvVar> envs,
        String deploymentStrategy) {

    public Component withEnvs(List<EnvVar> envs) {
        return new Component(autoscaling, resources, traffic, envs, deploymentStrategy);
    }
}
