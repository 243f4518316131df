package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextDocumentTest {

    @Test
    void splitsSpacedTextIntoWhitespaceWordsAndNonBlankLines() {
        TextDocument document = TextDocument.of("One two,  three.\n\n  Four five  \n", 0.5);

        assertThat(document.script()).isEqualTo(ScriptClass.SPACED);
        assertThat(document.words()).containsExactly("One", "two,", "three.", "Four", "five");
        assertThat(document.lines()).containsExactly("One two,  three.", "Four five");
        assertThat(document.paragraphs()).containsExactly("One two,  three.", "Four five");
        assertThat(document.wordChars()).isEqualTo(21);
    }

    @Test
    void countsEveryUnspacedLetterAsAWordAndSkipsPunctuationRuns() {
        TextDocument document = TextDocument.of("床前，明月 ABC 。", 0.5);

        assertThat(document.unspaced()).isTrue();
        assertThat(document.words()).containsExactly("床", "前", "明", "月", "ABC");
    }

    @Test
    void splitsAChinesePhraseInSpacedTextIntoItsLettersAndKeepsItOutOfTheSpacedPart() {
        TextDocument document = TextDocument.of("The sign said 欢迎光临, welcome to the shop and the garden.", 0.5);

        assertThat(document.script()).isEqualTo(ScriptClass.SPACED);
        assertThat(document.words()).containsSubsequence("said", "欢", "迎", "光", "临", "welcome");
        assertThat(document.spacedPart()).containsExactly("The", "sign", "said", "welcome", "to", "the", "shop",
                "and", "the", "garden.");
    }

    @Test
    void cutsThePoetNamedAtTheEndOfALineOfLinkedVerse() {
        assertThat(TextDocument.withoutTrailingAttribution("絕域降附天下平，——李世民")).isEqualTo("絕域降附天下平，");
        assertThat(TextDocument.withoutTrailingAttribution("人皆苦炎熱，我愛夏日長。 -- 李昂")).isEqualTo("人皆苦炎熱，我愛夏日長。");
        assertThat(TextDocument.withoutTrailingAttribution("——李白")).isEqualTo("——李白");
        assertThat(TextDocument.withoutTrailingAttribution("床前明月光")).isEqualTo("床前明月光");
    }

    @Test
    void recognisesAttributionLinesByTheirDoubleOrQuotationDash() {
        assertThat(TextDocument.isAttributionLine("-- 論語")).isTrue();
        assertThat(TextDocument.isAttributionLine("——李白《將進酒》")).isTrue();
        assertThat(TextDocument.isAttributionLine("— Mark Twain")).isTrue();
        assertThat(TextDocument.isAttributionLine("－－ 孔子")).isTrue();
        assertThat(TextDocument.isAttributionLine("- buy milk")).as("a list item").isFalse();
        assertThat(TextDocument.isAttributionLine("--")).as("a signature separator alone").isFalse();
        assertThat(TextDocument.isAttributionLine("-----")).as("a rule").isFalse();
        assertThat(TextDocument.isAttributionLine("-- " + "x".repeat(TextDocument.ATTRIBUTION_MAX_CHARS + 1)))
                .as("too long to be a source").isFalse();
        assertThat(TextDocument.isAttributionLine("學而時習之 -- 論語")).as("a dash inside a line").isFalse();
    }

    @Test
    void leavesAttributionLinesOutOfTheLengthOfUnspacedTextOnly() {
        assertThat(TextDocument.of("學而時習之，不亦說乎？\n-- 論語·學而", 0.5).lengthWords()).isEqualTo(9);
        assertThat(TextDocument.of("學而時習之，不亦說乎？\n-- 論語·學而", 0.5).words()).hasSize(13);
        assertThat(TextDocument.of("Learning without thought is labour lost.\n-- Confucius", 0.5).lengthWords())
                .isEqualTo(8);
    }

    @Test
    void refusesBlankText() {
        assertThatThrownBy(() -> TextDocument.of("  ", 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
