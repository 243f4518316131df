package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.QualityTexts.GOOD;
import static io.greentrain.preprocessing.text.quality.QualityTexts.SENTENCES;
import static io.greentrain.preprocessing.text.quality.QualityTexts.defaultsWith;
import static io.greentrain.preprocessing.text.quality.QualityTexts.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GopherRepetitionFilterTest {

    private static QualityFilters with(GopherRepetitionThresholds.Builder builder) {
        return defaultsWith(new GopherRepetitionFilter(builder.build()));
    }

    @Test
    void rejectsRepeatedLinesAndParagraphs() {
        String lines = String.join("\n", SENTENCES) + "\n" + SENTENCES[0] + "\n" + SENTENCES[1] + "\n" + SENTENCES[2];
        assertThat(reasonOf(lines)).isEqualTo("duplicate_lines");

        String longLine = SENTENCES[1] + " " + SENTENCES[2] + " " + SENTENCES[3];
        String lineChars = longLine + "\n" + SENTENCES[0] + "\n" + SENTENCES[4] + "\nThe end came.\nNotes follow.\n"
                + longLine;
        assertThat(reasonOf(lineChars)).isEqualTo("duplicate_line_chars");

        String shortParagraph = "The vote was recorded.";
        String paragraphs = String.join("\n", SENTENCES) + "\n\n" + shortParagraph + "\n\n" + shortParagraph + "\n\n"
                + shortParagraph;
        assertThat(reasonOf(paragraphs)).isEqualTo("duplicate_paragraphs");
        QualityFilters relaxedLines = with(GopherRepetitionThresholds.builder().maxDuplicateLineFraction(1)
                .maxDuplicateLineCharFraction(1).maxDuplicateParagraphFraction(1));
        assertThat(reasonOf(relaxedLines, lineChars.replace("\n", "\n\n"))).isEqualTo("duplicate_paragraph_chars");
    }

    @Test
    void rejectsRepeatedNgrams() {
        assertThat(reasonOf(GOOD + " big deal".repeat(25))).isEqualTo("top_ngram_2");
        QualityFilters relaxed2 = with(GopherRepetitionThresholds.builder()
                .maxTopNgramCharFraction(List.of(1.0, 0.18, 0.16)));
        assertThat(reasonOf(relaxed2, GOOD + " big red deal".repeat(20))).isEqualTo("top_ngram_3");
        QualityFilters relaxed3 = with(GopherRepetitionThresholds.builder()
                .maxTopNgramCharFraction(List.of(1.0, 1.0, 0.16)));
        assertThat(reasonOf(relaxed3, GOOD + " a big red deal".repeat(20))).isEqualTo("top_ngram_4");

        String firstWords = String.join(" ", List.of(GOOD.split(" ")).subList(0, 22));
        assertThat(reasonOf(GOOD + " " + firstWords)).isEqualTo("dup_ngram_5");
        QualityFilters relaxed5 = with(GopherRepetitionThresholds.builder()
                .maxDuplicateNgramCharFraction(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.10)));
        assertThat(reasonOf(relaxed5, GOOD + " " + firstWords)).isEqualTo("dup_ngram_10");
    }

    @Test
    void letsChineseParallelismRepeatAPhraseWithItsOwnLimits() {
        String saying = "知之為知之，不知為不知，是知也。";
        QualityFilters englishLimitsForChinese = with(GopherRepetitionThresholds.builder()
                .unspacedMaxTopNgramCharFraction(GopherRepetitionThresholds.MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT));

        assertThat(reasonOf(saying)).isNull();
        assertThat(reasonOf(englishLimitsForChinese, saying)).isEqualTo("top_ngram_2");
        assertThat(reasonOf("哈哈".repeat(10) + "！")).isEqualTo("top_ngram_2");
        assertThat(reasonOf(GOOD + " big deal".repeat(25))).as("spaced text keeps Gopher's limits")
                .isEqualTo("top_ngram_2");
    }

    @Test
    void statesTheMeasuredShareAgainstTheLimit() {
        FilterResult result = GopherRepetitionFilter.defaults().check(TextDocument.of(GOOD + " big deal".repeat(25),
                ScriptClass.UNSPACED_SHARE_DEFAULT));

        assertThat(result.detail()).matches("characters in the top 2-gram 0\\.\\d{3} > 0\\.2");
    }

    @Test
    void needsThreeTopAndSixDuplicateNgramLimits() {
        assertThatThrownBy(() -> GopherRepetitionThresholds.builder().maxTopNgramCharFraction(List.of(0.2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 3 top n-gram limits");
    }
}
