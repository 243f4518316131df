package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.QualityTexts.GOOD;
import static io.greentrain.preprocessing.text.quality.QualityTexts.SENTENCES;
import static io.greentrain.preprocessing.text.quality.QualityTexts.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineWebQualityFilterTest {

    @Test
    void rejectsUnpunctuatedAndShortLines() {
        String unpunctuated = String.join("\n", Arrays.stream(SENTENCES)
                .map(s -> s.replaceAll("\\.$", "")).toList());
        assertThat(reasonOf(unpunctuated)).isEqualTo("line_punctuation");

        assertThat(reasonOf(shortLines())).isEqualTo("short_lines");
    }

    @Test
    void appliesNoShortLineRuleToUnspacedScripts() {
        String poem = "床前明月光，\n疑是地上霜。\n舉頭望明月，\n低頭思故鄉。";

        assertThat(FineWebQualityFilter.defaults().check(TextDocument.of(poem, 0.5))).isEqualTo(FilterResult.KEEP);
    }

    @Test
    void turnsTheShortLineRuleOffWithAMaximumOfOne() {
        FineWebQualityFilter relaxed = new FineWebQualityFilter(FineWebThresholds.builder().maxShortLineFraction(1)
                .build());

        assertThat(relaxed.check(TextDocument.of(shortLines(), 0.5))).isEqualTo(FilterResult.KEEP);
    }

    private static String shortLines() {
        List<String> words = List.of(GOOD.split(" "));
        StringBuilder shortLines = new StringBuilder();
        for (int i = 0; i < words.size(); i += 4) {
            shortLines.append(String.join(" ", words.subList(i, Math.min(words.size(), i + 4))).replaceAll("[.,]", ""))
                    .append(".\n");
        }
        return shortLines.toString();
    }
}
