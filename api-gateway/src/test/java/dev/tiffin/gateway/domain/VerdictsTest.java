package dev.tiffin.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiffin.contracts.events.data.DeploymentAction;
import dev.tiffin.contracts.events.data.DeploymentRejected.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VerdictsTest {

    @Test
    void mapsRejectionReasonsToStatusCodes() {
        assertThat(Verdicts.rejectionStatus(Reason.invalid)).isEqualTo(422);
        assertThat(Verdicts.rejectionStatus(Reason.not_found)).isEqualTo(404);
        assertThat(Verdicts.rejectionStatus(Reason.conflict)).isEqualTo(409);
        assertThat(Verdicts.rejectionStatus(Reason.precondition_failed)).isEqualTo(412);
        assertThat(Verdicts.rejectionStatus("something_new")).isEqualTo(422);
        assertThat(Verdicts.rejectionStatus((String) null)).isEqualTo(422);
    }

    @Test
    void createsAre201OthersAre200() {
        assertThat(Verdicts.acceptedStatus(DeploymentAction.create)).isEqualTo(201);
        assertThat(Verdicts.acceptedStatus(DeploymentAction.update)).isEqualTo(200);
        assertThat(Verdicts.acceptedStatus(DeploymentAction.rollback)).isEqualTo(200);
    }

    @Test
    void readyMeansRunningOrScaledToZeroAndFailedEndsTheWait() {
        Verdicts.ReadyTarget create = Verdicts.readyTarget(DeploymentAction.create);
        assertThat(create.isSuccess("running")).isTrue();
        assertThat(create.isSuccess("scaled-to-zero")).isTrue();
        assertThat(create.isTerminal("failed")).isTrue();
        assertThat(create.isSuccess("failed")).isFalse();
        assertThat(create.isTerminal("deploying")).isFalse();
        assertThat(Verdicts.readyTarget(DeploymentAction.terminate).isSuccess("terminated"))
                .isTrue();
    }

    @Test
    void waitOptionsParse() {
        assertThat(WaitMode.parse(null)).contains(WaitMode.ACCEPTED);
        assertThat(WaitMode.parse("none")).contains(WaitMode.NONE);
        assertThat(WaitMode.parse("soon")).isEmpty();
        assertThat(WaitMode.parseTimeout(null)).contains(Duration.ofSeconds(300));
        assertThat(WaitMode.parseTimeout("90s")).contains(Duration.ofSeconds(90));
        assertThat(WaitMode.parseTimeout("5m")).contains(Duration.ofMinutes(5));
        assertThat(WaitMode.parseTimeout("1h")).contains(Duration.ofHours(1));
        assertThat(WaitMode.parseTimeout("3601")).isEmpty();
        assertThat(WaitMode.parseTimeout("0")).isEmpty();
        assertThat(WaitMode.parseTimeout("abc")).isEmpty();
    }

    @Test
    void idempotencyKeysGiveStableRequestIdsAndDetectReuse() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        String id = Idempotency.requestId("tok_1", "k1");
        assertThat(Idempotency.requestId("tok_1", "k1")).isEqualTo(id);
        assertThat(Idempotency.requestId("tok_2", "k1")).isNotEqualTo(id);
        String hash = Idempotency.requestHash("create", "local/default/iris", "{}");
        assertThat(Idempotency.decide("tok_1", "k1", hash, null, now)).isEqualTo(new Idempotency.Outcome.Fresh(id));
        Idempotency.Remembered remembered = new Idempotency.Remembered(hash, id, now.minusSeconds(60));
        assertThat(Idempotency.decide("tok_1", "k1", hash, remembered, now))
                .isEqualTo(new Idempotency.Outcome.Replay(id));
        String other = Idempotency.requestHash("create", "local/default/iris", "{\"a\":1}");
        assertThat(Idempotency.decide("tok_1", "k1", other, remembered, now))
                .isEqualTo(new Idempotency.Outcome.Mismatch(id));
        Idempotency.Remembered old = new Idempotency.Remembered(hash, id, now.minus(Duration.ofHours(25)));
        assertThat(Idempotency.decide("tok_1", "k1", other, old, now))
                .isInstanceOf(Idempotency.Outcome.Fresh.class)
                .isNotEqualTo(new Idempotency.Outcome.Fresh(id));
    }
}
