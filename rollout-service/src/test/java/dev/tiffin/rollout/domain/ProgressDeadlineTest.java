package dev.tiffin.rollout.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code lastProgress + deadline < now} means exceeded, as Kubernetes' {@code DeploymentTimedOut}. */
class ProgressDeadlineTest {

    private static final Instant LAST = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void theDefaultIsTenMinutes() {
        // Then
        assertThat(ProgressDeadline.DEFAULT.deadline()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void exceededOnlyAfterTheDeadline() {
        // Given
        ProgressDeadline deadline = ProgressDeadline.DEFAULT;

        // Then
        assertThat(deadline.check(LAST, LAST.plusSeconds(599))).isEqualTo(ProgressDeadline.Verdict.PROGRESSING);
        assertThat(deadline.check(LAST, LAST.plusSeconds(600))).isEqualTo(ProgressDeadline.Verdict.PROGRESSING);
        assertThat(deadline.check(LAST, LAST.plusSeconds(600).plusMillis(1)))
                .isEqualTo(ProgressDeadline.Verdict.EXCEEDED);
        assertThat(deadline.expiresAt(LAST)).isEqualTo(LAST.plusSeconds(600));
    }

    @Test
    void usesTheInjectedClock() {
        // Given
        Clock clock = Clock.fixed(LAST.plusSeconds(31), ZoneOffset.UTC);

        // Then
        assertThat(ProgressDeadline.ofSeconds(30).check(LAST, clock)).isEqualTo(ProgressDeadline.Verdict.EXCEEDED);
        assertThat(ProgressDeadline.ofSeconds(60).check(LAST, clock)).isEqualTo(ProgressDeadline.Verdict.PROGRESSING);
    }

    @Test
    void aPausedRolloutNeverTimesOut() {
        // Then
        assertThat(ProgressDeadline.ofSeconds(30).check(LAST, LAST.plusSeconds(3600), true))
                .isEqualTo(ProgressDeadline.Verdict.PROGRESSING);
    }

    @Test
    void theDeadlineMustBePositive() {
        // Then
        assertThatThrownBy(() -> ProgressDeadline.ofSeconds(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
