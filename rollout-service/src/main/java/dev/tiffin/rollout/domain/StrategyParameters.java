package dev.tiffin.rollout.domain;

import dev.tiffin.contracts.spec.DeploymentStrategy;

/**
 * A strategy resolved for a number of desired replicas, with the Kubernetes Deployment controller's rules
 * ({@code deployment_util.go}): {@code maxSurge} is rounded up, {@code maxUnavailable} rounded down; when both resolve
 * to 0, {@code maxUnavailable} becomes 1 (the fencepost, "on the theory that surge might not work due to quota"); and
 * {@code maxUnavailable} never exceeds the replicas. Recreate has no surge and may take every replica down
 * ({@code MinAvailable} is 0 for a non-rolling strategy).
 *
 * <table>
 *   <caption>The four strategies (yatai-deployment's mapping)</caption>
 *   <tr><th>strategy</th><th>maxSurge</th><th>maxUnavailable</th></tr>
 *   <tr><td>RollingUpdate</td><td>25% (up)</td><td>25% (down)</td></tr>
 *   <tr><td>RampedSlowRollout</td><td>1</td><td>0</td></tr>
 *   <tr><td>BestEffortControlledRollout</td><td>0</td><td>20% (down)</td></tr>
 *   <tr><td>Recreate</td><td>—</td><td>all</td></tr>
 * </table>
 */
public record StrategyParameters(DeploymentStrategy strategy, int replicas, int maxSurge, int maxUnavailable) {

    public StrategyParameters {
        if (replicas < 0 || maxSurge < 0 || maxUnavailable < 0) {
            throw new IllegalArgumentException("replicas, maxSurge and maxUnavailable must not be negative");
        }
    }

    /** The Kubernetes {@code maxSurge} of a rolling strategy; absent for Recreate. */
    public static IntOrPercent surgeOf(DeploymentStrategy strategy) {
        return switch (strategy) {
            case ROLLING_UPDATE -> IntOrPercent.percent(25);
            case RAMPED_SLOW_ROLLOUT -> IntOrPercent.count(1);
            case BEST_EFFORT_CONTROLLED_ROLLOUT -> IntOrPercent.count(0);
            case RECREATE -> throw new IllegalArgumentException("Recreate has no maxSurge");
        };
    }

    /** The Kubernetes {@code maxUnavailable} of a rolling strategy; absent for Recreate. */
    public static IntOrPercent unavailableOf(DeploymentStrategy strategy) {
        return switch (strategy) {
            case ROLLING_UPDATE -> IntOrPercent.percent(25);
            case RAMPED_SLOW_ROLLOUT -> IntOrPercent.count(0);
            case BEST_EFFORT_CONTROLLED_ROLLOUT -> IntOrPercent.percent(20);
            case RECREATE -> throw new IllegalArgumentException("Recreate has no maxUnavailable");
        };
    }

    /** {@code strategy} resolved for {@code replicas} desired replicas. */
    public static StrategyParameters resolve(DeploymentStrategy strategy, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative: " + replicas);
        }
        if (strategy == DeploymentStrategy.RECREATE) {
            return new StrategyParameters(strategy, replicas, 0, replicas);
        }
        int[] fenceposts = resolveFenceposts(surgeOf(strategy), unavailableOf(strategy), replicas);
        return new StrategyParameters(strategy, replicas, fenceposts[0], Math.min(fenceposts[1], replicas));
    }

    /** Kubernetes' {@code ResolveFenceposts}: {surge, unavailable}; both 0 → unavailable 1. */
    static int[] resolveFenceposts(IntOrPercent maxSurge, IntOrPercent maxUnavailable, int desired) {
        int surge = maxSurge.scaled(desired, true);
        int unavailable = maxUnavailable.scaled(desired, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    public boolean isRecreate() {
        return strategy == DeploymentStrategy.RECREATE;
    }

    /** The fewest available replicas a rolling step may leave: {@code replicas − maxUnavailable}; 0 for Recreate. */
    public int minAvailable() {
        return replicas - maxUnavailable;
    }

    /** The most replicas (new and old, desired) at any moment: {@code replicas + maxSurge}. */
    public int maxTotal() {
        return replicas + maxSurge;
    }
}
