package io.greentrain.preprocessing.text.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.preprocessing.text.quality.ScriptClass;
import org.junit.jupiter.api.Test;

class ShinglesTest {

    @Test
    void shinglesOfTextEqualShinglesOfItsTokens() {
        String[] texts = {
            "The quick brown fox jumps over the lazy dog, again and again.",
            "  \"Quoted\"  words -- dashes\t tabs\nnew lines\r\n\u000Bvertical\fform feeds (brackets) end.",
            "İstanbul ÄÖÜ straße CAFÉ Ωmega déjà-vu naïve façade — über ÉCOLE émigré résumé",
            "a\u00A0non-breaking space stays inside one word; so does ideographic\u3000space here",
            "short",
            "!!! ... ---",
            "",
        };
        for (String text : texts) {
            for (int n : new int[] {1, 3, 5}) {
                assertThat(Shingles.of(text, ScriptClass.SPACED, n)).as(text + " / " + n)
                        .isEqualTo(Shingles.of(Shingles.tokens(text, ScriptClass.SPACED), n));
            }
        }
        String poem = "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。";
        assertThat(Shingles.of(poem, ScriptClass.UNSPACED, 3))
                .isEqualTo(Shingles.of(Shingles.tokens(poem, ScriptClass.UNSPACED), 3)).hasSizeGreaterThan(10);
    }

    @Test
    void jaccardOfSortedShingleSets() {
        long[] a = Shingles.of("one two three four five six seven", ScriptClass.SPACED, 5);
        long[] b = Shingles.of("One two three four five six eight", ScriptClass.SPACED, 5);
        assertThat(a).hasSize(3).isSorted();
        assertThat(Shingles.jaccard(a, b)).isEqualTo(2.0 / 4);
        assertThat(Shingles.jaccard(a, a)).isEqualTo(1.0);
        assertThat(Shingles.jaccard(new long[0], new long[0])).isZero();
    }
}
