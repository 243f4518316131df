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
    void refusesBlankText() {
        assertThatThrownBy(() -> TextDocument.of("  ", 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
