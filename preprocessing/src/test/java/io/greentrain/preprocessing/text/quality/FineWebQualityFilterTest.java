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
    void leavesAttributionLinesOutOfTheLinePunctuationShare() {
        String quotation = "The only thing we have to fear is fear itself, said the president to the nation in the "
                + "depth of the crisis.\n-- Franklin D. Roosevelt";
        FineWebQualityFilter strict = new FineWebQualityFilter(FineWebThresholds.builder()
                .minLinePunctuationFraction(0.9).build());

        assertThat(strict.check(TextDocument.of(quotation, 0.5))).isEqualTo(FilterResult.KEEP);
        assertThat(strict.check(TextDocument.of(quotation.replace("-- ", "By "), 0.5)).reason())
                .isEqualTo(io.greentrain.preprocessing.text.RemovalReason.LINE_PUNCTUATION);
    }

    @Test
    void judgesLinkedVerseWithoutThePoetNamedAtTheEndOfEachLine() {
        String linkedVerse = "潤色鴻業寄賢才，——李顯\n叨居右弼愧鹽梅。——李嶠\n運籌帷幄荷時來，——宗楚客";
        String english = "The night was cold -- Tom\nThe fire was out -- Ann\nWe went to bed -- Sam";

        assertThat(FineWebQualityFilter.defaults().check(TextDocument.of(linkedVerse, 0.5))).isEqualTo(FilterResult.KEEP);
        assertThat(FineWebQualityFilter.defaults().check(TextDocument.of("用 git commit --amend 修改最近一次提交。", 0.5)))
                .as("an option is not an attribution").isEqualTo(FilterResult.KEEP);
        assertThat(FineWebQualityFilter.defaults().check(TextDocument.of(english, 0.5)).reason())
                .as("only unspaced verse").isEqualTo(io.greentrain.preprocessing.text.RemovalReason.LINE_PUNCTUATION);
    }

    @Test
    void exemptsAnIdiomQuotedWithItsSourceButNotALongerUnpunctuatedLine() {
        FineWebQualityFilter filter = FineWebQualityFilter.defaults();

        assertThat(filter.check(TextDocument.of("臥薪嘗膽\n-- 《史記》", 0.5))).isEqualTo(FilterResult.KEEP);
        assertThat(filter.check(TextDocument.of("臥薪嘗膽", 0.5)).reason())
                .isEqualTo(io.greentrain.preprocessing.text.RemovalReason.LINE_PUNCTUATION);
        assertThat(filter.check(TextDocument.of("北京手机价格上海手机批发广州电脑专卖\n-- 本站", 0.5)).reason())
                .isEqualTo(io.greentrain.preprocessing.text.RemovalReason.LINE_PUNCTUATION);
    }

    @Test
    void countsCjkVerseLinesEndingInACommaAsPunctuatedButNotEnglishOnes() {
        String couplets = "春眠不覺曉\n處處聞啼鳥，\n夜來風雨聲\n花落知多少；\n白日依山盡\n黃河入海流\n欲窮千里目\n更上一層樓";
        FineWebQualityFilter strict = new FineWebQualityFilter(FineWebThresholds.builder()
                .minLinePunctuationFraction(0.25).build());

        assertThat(strict.check(TextDocument.of(couplets, 0.5))).isEqualTo(FilterResult.KEEP);
        assertThat(strict.check(TextDocument.of(couplets.replace('，', ' ').replace('；', ' '), 0.5)).reason())
                .isEqualTo(io.greentrain.preprocessing.text.RemovalReason.LINE_PUNCTUATION);
        String english = String.join("\n", Arrays.stream(SENTENCES).map(s -> s.replaceAll("\\.$", ",")).toList());
        assertThat(reasonOf(english)).isEqualTo("line_punctuation");
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
