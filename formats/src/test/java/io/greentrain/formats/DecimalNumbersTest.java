package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
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

    @Test
    void theScannerAcceptsExactlyWhatTheGrammarsRegularExpressionAccepts() {
        for (String text : new String[] {"12", "-3.5", "+.5", "7.", "1e-3", "2.5E+2", "00", "-0", "+", "-", ".", "+.",
            "-.e1", ".e1", "1.e1", "1e+", "1e-", "1e+-1", "1ee1", "1.2.3", "..5", "1e1.5", " 1", "1 ", "\u0661\u0662",
            "\uFF11\uFF12", "1\u00A0", "NaN", "Infinity", "0x10", "1d", "", "e", "E5", "5E", "9".repeat(400)}) {
            assertThat(DecimalNumbers.matches(text)).as("'%s'", text).isEqualTo(DecimalNumbers.GRAMMAR.matcher(text).matches());
        }
        Random random = new Random(16);
        String alphabet = "0123456789+-.eE x";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(8); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            assertThat(DecimalNumbers.matches(candidate)).as("'%s'", candidate)
                    .isEqualTo(DecimalNumbers.GRAMMAR.matcher(candidate).matches());
        }
    }
}
