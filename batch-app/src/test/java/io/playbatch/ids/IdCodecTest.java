package io.playbatch.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IdCodecTest {

    @Test
    void largestIdRoundTripsAsADecimalString() {
        long max = Long.MAX_VALUE;
        assertThat(IdCodec.format(max)).isEqualTo("9223372036854775807");
        assertThat(IdCodec.parse("execution_id", "9223372036854775807")).isEqualTo(max);
        assertThat(IdCodec.parse("execution_id", max)).isEqualTo(max);
        assertThat(IdCodec.parse("execution_id", BigInteger.valueOf(max))).isEqualTo(max);
    }

    @Test
    void overflowIsRejectedNamingTheField() {
        assertThatThrownBy(() -> IdCodec.parse("run_id", "9223372036854775808"))
                .isInstanceOf(InvalidIdException.class)
                .hasMessage("Invalid run_id '9223372036854775808': it is larger than 9223372036854775807 (2^63-1)");
    }

    @Test
    void floatsNegativesEmptyAndNonDigitsAreRejected() {
        assertThatThrownBy(() -> IdCodec.parse("event_id", 1.5)).hasMessageContaining("event_id")
                .hasMessageContaining("decimal number");
        assertThatThrownBy(() -> IdCodec.parse("event_id", "-3")).hasMessageContaining("'-'");
        assertThatThrownBy(() -> IdCodec.parse("event_id", -3L)).hasMessageContaining("positive");
        assertThatThrownBy(() -> IdCodec.parse("event_id", "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> IdCodec.parse("event_id", "12a")).hasMessageContaining("'a'");
        assertThatThrownBy(() -> IdCodec.parse("event_id", "1e3")).hasMessageContaining("'e'");
        assertThatThrownBy(() -> IdCodec.parse("event_id", null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> IdCodec.parse("event_id", true)).hasMessageContaining("boolean");
    }
}
