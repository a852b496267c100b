package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesUnits() {
        assertThat(Durations.seconds("90")).isEqualTo(90);
        assertThat(Durations.seconds("90s")).isEqualTo(90);
        assertThat(Durations.seconds("10m")).isEqualTo(600);
        assertThat(Durations.seconds("1h")).isEqualTo(3600);
        assertThat(Durations.seconds("30d")).isEqualTo(2_592_000);
        assertThat(Durations.seconds("2W")).isEqualTo(1_209_600);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Durations.seconds("ten minutes")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.seconds("-5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.seconds("99999999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
