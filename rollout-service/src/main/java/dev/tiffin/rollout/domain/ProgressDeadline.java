package dev.tiffin.rollout.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Kubernetes' progress deadline ({@code progress.go}): a rollout that has not progressed for longer than the deadline
 * has failed ({@code lastProgress + deadline < now}); a paused rollout never times out. Unlike Kubernetes, which only
 * reports it, Tiffin then rolls back to the last good revision.
 */
public record ProgressDeadline(Duration deadline) {

    /** {@code progressDeadlineSeconds}' Kubernetes default. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(600);

    public static final ProgressDeadline DEFAULT = new ProgressDeadline(DEFAULT_DEADLINE);

    public enum Verdict {
        PROGRESSING,
        EXCEEDED
    }

    public ProgressDeadline {
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the progress deadline must be positive");
        }
    }

    public static ProgressDeadline ofSeconds(long seconds) {
        return new ProgressDeadline(Duration.ofSeconds(seconds));
    }

    public Verdict check(Instant lastProgress, Instant now) {
        return expiresAt(lastProgress).isBefore(now) ? Verdict.EXCEEDED : Verdict.PROGRESSING;
    }

    public Verdict check(Instant lastProgress, Clock clock) {
        return check(lastProgress, clock.instant());
    }

    public Verdict check(Instant lastProgress, Instant now, boolean paused) {
        return paused ? Verdict.PROGRESSING : check(lastProgress, now);
    }

    /** When the deadline passes unless the rollout progresses first: when to check again. */
    public Instant expiresAt(Instant lastProgress) {
        return lastProgress.plus(deadline);
    }

    /**
     * Whether going from {@code before} to {@code after} is progress, as {@code DeploymentProgressing} counts it: the
     * new revision's desired or ready replicas went up, the old revisions' replicas went down, or more are available.
     */
    public static boolean isProgress(RolloutState before, RolloutState after) {
        return after.newRevision().desired() > before.newRevision().desired()
                || after.newRevision().ready() > before.newRevision().ready()
                || after.oldCurrent() < before.oldCurrent()
                || after.oldDesired() < before.oldDesired()
                || after.available() > before.available();
    }
}
