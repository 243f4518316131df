package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.QualityTexts.GOOD;
import static io.greentrain.preprocessing.text.quality.QualityTexts.defaultsWith;
import static io.greentrain.preprocessing.text.quality.QualityTexts.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.preprocessing.text.RemovalReason;
import org.junit.jupiter.api.Test;

class C4QualityFilterTest {

    @Test
    void rejectsLoremIpsumAndCurlyBrackets() {
        assertThat(reasonOf(GOOD + " Lorem ipsum dolor sit amet.")).isEqualTo("lorem_ipsum");
        assertThat(reasonOf(GOOD + " if (x) { return; }")).isEqualTo("curly_bracket");
        assertThat(reasonOf(defaultsWith(new C4QualityFilter(C4Thresholds.builder().rejectCurlyBracket(false)
                .build())), "{x} " + GOOD)).isNull();
    }

    @Test
    void appliesToUnspacedScriptsToo() {
        assertThat(C4QualityFilter.defaults().check(TextDocument.of("床前明月光，{疑是地上霜}。", 0.5)))
                .isEqualTo(FilterResult.drop(RemovalReason.CURLY_BRACKET, "contains \"{\""));
    }

    @Test
    void turnsEachRuleOffWithItsSwitch() {
        C4QualityFilter off = new C4QualityFilter(C4Thresholds.builder().rejectLoremIpsum(false)
                .rejectCurlyBracket(false).build());

        assertThat(off.check(TextDocument.of("Lorem ipsum { dolor }", 0.5))).isEqualTo(FilterResult.KEEP);
    }
}
