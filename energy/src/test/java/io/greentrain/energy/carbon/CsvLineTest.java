package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvLineTest {

    @Test
    void splitsOnCommasAndTrimsFields() {
        assertThat(CsvLine.split("a, b ,c")).containsExactly("a", "b", "c");
    }

    @Test
    void keepsCommasAndDoubledQuotesInsideQuotedFields() {
        assertThat(CsvLine.split("\"Ember, 2024\",\"say \"\"hi\"\"\",x"))
                .containsExactly("Ember, 2024", "say \"hi\"", "x");
    }

    @Test
    void keepsEmptyFieldsIncludingTheLast() {
        assertThat(CsvLine.split("a,,b,")).containsExactly("a", "", "b", "");
    }

    @Test
    void rejectsAnUnclosedQuoteOrTextAfterAClosingQuote() {
        assertThatThrownBy(() -> CsvLine.split("\"open,x")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> CsvLine.split("\"a\"b,x")).hasMessageContaining("after a closing quote");
    }
}
