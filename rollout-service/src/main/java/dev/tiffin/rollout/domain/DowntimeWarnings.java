package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;
import java.util.List;

/**
 * The warnings a strategy deserves for a number of replicas: Recreate always stops every replica before starting the
 * new ones; BestEffortControlledRollout below 5 replicas takes down one replica (the Kubernetes fencepost), which is
 * more than the 20% it promises and, with a single replica, the whole deployment. The accepted and rollout-started
 * events carry them.
 */
public final class DowntimeWarnings {

    /** From 5 replicas on, 20% rounded down is at least one replica: the strategy does what its name says. */
    public static final int BEST_EFFORT_MIN_REPLICAS = 5;

    private DowntimeWarnings() {}

    public static List<String> of(DeploymentStrategy strategy, int replicas) {
        if (strategy == DeploymentStrategy.RECREATE) {
            return List.of("Recreate stops all " + replicas
                    + " old replica(s) before it starts the new ones: the deployment serves no requests until the"
                    + " new replicas are ready (downtime). Use RollingUpdate or RampedSlowRollout to avoid it.");
        }
        if (strategy == DeploymentStrategy.BEST_EFFORT_CONTROLLED_ROLLOUT && replicas < BEST_EFFORT_MIN_REPLICAS) {
            if (replicas <= 1) {
                return List.of("BestEffortControlledRollout with " + replicas
                        + " replica stops it before its replacement is ready: the deployment serves no requests"
                        + " during the rollout (downtime). Use RollingUpdate or RampedSlowRollout, or at least "
                        + BEST_EFFORT_MIN_REPLICAS + " replicas.");
            }
            int percent = 100 / replicas;
            return List.of("BestEffortControlledRollout with " + replicas
                    + " replicas takes 1 replica (" + percent + "%) down at a time, more than 20%: capacity drops"
                    + " during the rollout (partial downtime). Use at least " + BEST_EFFORT_MIN_REPLICAS
                    + " replicas, or RampedSlowRollout.");
        }
        return List.of();
    }
}
