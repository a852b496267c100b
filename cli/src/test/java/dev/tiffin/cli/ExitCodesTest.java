package dev.tiffin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExitCodesTest {

    @ParameterizedTest
    @CsvSource({
        "200, 0", "201, 0", "202, 0", "204, 0", "400, 3", "422, 3", "404, 4", "409, 5", "412, 5", "401, 6", "403, 6",
        "504, 7", "503, 9", "502, 9", "500, 1", "415, 1", "429, 1"
    })
    void mapsHttpStatuses(int status, int exitCode) {
        assertThat(ExitCodes.forStatus(status)).isEqualTo(exitCode);
    }
}
