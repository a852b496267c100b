package dev.tiffin.contracts.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({
        "500m, 0.5",
        "2, 2",
        "0.5, 0.5",
        "1k, 1000",
        "1Ki, 1024",
        "512Mi, 536870912",
        "4Gi, 4294967296",
        "1G, 1000000000",
        "1024, 1024",
        "1e3, 1000",
        "1.5Gi, 1610612736",
        "100u, 0.0001",
        ".5, 0.5"
    })
    void parsesKubernetesQuantities(String text, String amount) {
        assertThat(Quantity.parse(text).amount()).isEqualByComparingTo(new BigDecimal(amount));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "4GB", "1 Gi", "Gi", "1.2.3", "--1", "1mi", "0x10"})
    void rejectsWhatIsNotAQuantity(String text) {
        assertThat(Quantity.tryParse(text)).isEmpty();
    }

    @Test
    void nullIsNoQuantity() {
        assertThat(Quantity.tryParse(null)).isEmpty();
        assertThatThrownBy(() -> Quantity.parse("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesAcrossSuffixes() {
        assertThat(Quantity.parse("1Gi")).isGreaterThan(Quantity.parse("1G"));
        assertThat(Quantity.parse("1000m").compareTo(Quantity.parse("1"))).isZero();
        assertThat(Quantity.parse("1500m")).isLessThan(Quantity.parse("2"));
    }

    @Test
    void knowsSign() {
        assertThat(Quantity.parse("-1").isNegative()).isTrue();
        assertThat(Quantity.parse("0").isZero()).isTrue();
        assertThat(Quantity.parse("0m").isZero()).isTrue();
    }
}
