package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One number grammar: plain decimals with an optional exponent, nothing of Java's extras. */
class DecimalNumbersTest {

    @Test
    void readsPlainDecimalsWithSignsFractionsAndExponents() {
        assertThat(DecimalNumbers.parseFinite("12")).isEqualTo(12.0);
        assertThat(DecimalNumbers.parseFinite("-3.5")).isEqualTo(-3.5);
        assertThat(DecimalNumbers.parseFinite("+.5")).isEqualTo(0.5);
        assertThat(DecimalNumbers.parseFinite("7.")).isEqualTo(7.0);
        assertThat(DecimalNumbers.parseFinite("1e-3")).isEqualTo(0.001);
        assertThat(DecimalNumbers.parseFinite("2.5E+2")).isEqualTo(250.0);
    }

    @Test
    void refusesJavaSuffixesHexFloatsNonFiniteValuesAndSeparators() {
        for (String text : new String[] {"-93.6d", "93.6f", "5D", "-0x1.76p6", "0x10", "NaN", "Infinity", "-Infinity",
            "1e309", "1,234.5", "1 234", " 12", "12 ", "", ".", "e5", "1e", "--1", "1_000"}) {
            assertThat(DecimalNumbers.parseFinite(text)).as("'%s'", text).isNull();
        }
    }
}
