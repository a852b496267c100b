package dev.tiffin.autoscaler.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the whole reaction path: samples decoded, decisions made, explained and encoded. */
class WarmUpTest {

    @Test
    void warmUpRoundsMakeDecisionsThroughTheReactionPath() {
        // When: 100 rounds alternating 40 and 2 requests/s on a qps target of 10 (fast up and down)
        long decisions = WarmUp.run(100);

        // Then: every round changes the count (1 → 4 → 1 ...), so the decision and its encoding ran each time
        assertThat(decisions).isEqualTo(100);
    }
}
