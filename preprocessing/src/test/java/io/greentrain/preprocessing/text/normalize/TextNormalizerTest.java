package io.greentrain.preprocessing.text.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    private final TextNormalizer nfc = new TextNormalizer(NormalizationSpec.defaults());
    private final TextNormalizer nfkc = new TextNormalizer(NormalizationSpec.defaults().withForm(Normalizer.Form.NFKC));

    @Test
    void composesWithNfcAndFoldsCompatibilityCharactersWithNfkc() {
        String decomposed = "Cafe\u0301 ＡＢＣ ﬁne ²";

        assertThat(nfc.normalize(decomposed)).isEqualTo("Café ＡＢＣ ﬁne ²");
        assertThat(nfkc.normalize(decomposed)).isEqualTo("Café ABC fine 2");
    }

    @Test
    void removesAnsiEscapesControlAndFormatCharacters() {
        String text = "\u001B[1;31mred\u001B[0m text\u0007 with\u0000 bell\u00AD and\uFEFF bom \u001B]0;title\u0007done";

        assertThat(nfc.normalize(text)).isEqualTo("red text with bell and bom done");
    }

    @Test
    void collapsesSpacesKeepsLineBreaksAndOneBlankLine() {
        String text = "  first \t line  \r\nsecond\u00A0\u3000line\r\r\n\n\n\n  third  \n\n";

        assertThat(nfc.normalize(text)).isEqualTo("first line\nsecond line\n\nthird");
        assertThat(nfc.normalize(nfc.normalize(text))).isEqualTo(nfc.normalize(text));
        assertThat(nfc.normalize(null)).isEmpty();
    }

    @Test
    void reducesHtmlWhenAsked() {
        TextNormalizer html = new TextNormalizer(NormalizationSpec.defaults().withHtmlToText(true));

        assertThat(html.normalize("<div>Hello&nbsp;<b>world</b></div><p>Next   para</p>"))
                .isEqualTo("Hello world\n\nNext para");
    }
}
