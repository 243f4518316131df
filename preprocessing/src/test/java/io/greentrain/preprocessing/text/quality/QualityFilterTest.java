package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityFilterTest {

    private static final String[] SENTENCES = {
        "The committee met on Tuesday to discuss the budget for the coming year.",
        "Members agreed that the library needs new computers and that the park should have better lighting.",
        "After a long debate, the chair proposed a compromise with a smaller increase to be reviewed in spring.",
        "Several residents spoke about traffic on the main road and asked the council for a lower speed limit.",
        "The meeting ended with a vote, and the proposal passed by seven votes to two."};
    private static final String GOOD = String.join(" ", SENTENCES);
    private static final String QUATRAIN = "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。";

    private final QualityFilter filter = new QualityFilter(QualityThresholds.defaults());

    private String reasonOf(String text) {
        return reasonOf(filter, text);
    }

    private static String reasonOf(QualityFilter filter, String text) {
        QualityVerdict verdict = filter.evaluate(text);
        assertThat(verdict.passed()).isEqualTo(verdict.detail() == null);
        return verdict.passed() ? null : verdict.reason().code();
    }

    private static QualityFilter with(QualityThresholds.Builder builder) {
        return new QualityFilter(builder.build());
    }

    @Test
    void passesOrdinaryEnglishProse() {
        QualityVerdict verdict = filter.evaluate(GOOD);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.script()).isEqualTo(ScriptClass.SPACED);
    }

    @Test
    void rejectsEmptyShortAndLongDocuments() {
        assertThat(reasonOf("")).isEqualTo("empty");
        assertThat(reasonOf("The short note was sent to the office.")).isEqualTo("too_few_words");
        assertThat(filter.evaluate("The short note was sent to the office.").detail()).isEqualTo("words 8 < 50");
        assertThat(reasonOf(with(QualityThresholds.builder().maxWords(60)), GOOD)).isEqualTo("too_many_words");
    }

    @Test
    void rejectsImplausibleMeanWordLength() {
        assertThat(reasonOf("the a of to be an ".repeat(12))).isEqualTo("mean_word_length");
        assertThat(reasonOf("the and of to with incomprehensibilities ".repeat(12).replace("with ", "with "
                + "antidisestablishmentarianism characteristically "))).isEqualTo("mean_word_length");
    }

    @Test
    void rejectsHashesEllipsesAndBulletLines() {
        assertThat(reasonOf(GOOD + " #news".repeat(15))).isEqualTo("symbol_ratio");
        assertThat(filter.evaluate(GOOD + " #news".repeat(15)).detail()).startsWith("hash per word 0.1");
        assertThat(reasonOf(GOOD + " and so on ...".repeat(20))).isEqualTo("symbol_ratio");
        assertThat(reasonOf(String.join("\n", java.util.Arrays.stream(SENTENCES).map(s -> "• " + s).toList())))
                .isEqualTo("bullet_lines");
        assertThat(reasonOf(String.join("\n", java.util.Arrays.stream(SENTENCES)
                .map(s -> s.replaceAll("\\.$", "...")).toList()))).isEqualTo("ellipsis_lines");
    }

    @Test
    void rejectsTextWithoutLettersOrStopWords() {
        assertThat(reasonOf(GOOD + " 1234 56 7.5 99".repeat(10))).isEqualTo("alpha_words");
        assertThat(reasonOf("Apples bananas cherries dates figs grapes kiwis lemons mangoes oranges. ".repeat(6)
                .replace("Apples bananas", "Apples, bananas"))).isIn("stop_words");
    }

    @Test
    void rejectsLoremIpsumAndCurlyBrackets() {
        assertThat(reasonOf(GOOD + " Lorem ipsum dolor sit amet.")).isEqualTo("lorem_ipsum");
        assertThat(reasonOf(GOOD + " if (x) { return; }")).isEqualTo("curly_bracket");
        assertThat(reasonOf(with(QualityThresholds.builder().rejectCurlyBracket(false)), "{x} " + GOOD)).isNull();
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
        QualityFilter relaxedLines = with(QualityThresholds.builder().maxDuplicateLineFraction(1)
                .maxDuplicateLineCharFraction(1).maxDuplicateParagraphFraction(1));
        assertThat(reasonOf(relaxedLines, lineChars.replace("\n", "\n\n"))).isEqualTo("duplicate_paragraph_chars");
    }

    @Test
    void rejectsRepeatedNgrams() {
        assertThat(reasonOf(GOOD + " big deal".repeat(25))).isEqualTo("top_ngram_2");
        QualityFilter relaxed2 = with(QualityThresholds.builder().maxTopNgramCharFraction(List.of(1.0, 0.18, 0.16)));
        assertThat(reasonOf(relaxed2, GOOD + " big red deal".repeat(20))).isEqualTo("top_ngram_3");
        QualityFilter relaxed3 = with(QualityThresholds.builder().maxTopNgramCharFraction(List.of(1.0, 1.0, 0.16)));
        assertThat(reasonOf(relaxed3, GOOD + " a big red deal".repeat(20))).isEqualTo("top_ngram_4");

        String firstWords = String.join(" ", List.of(GOOD.split(" ")).subList(0, 22));
        assertThat(reasonOf(GOOD + " " + firstWords)).isEqualTo("dup_ngram_5");
        QualityFilter relaxed5 = with(QualityThresholds.builder()
                .maxDuplicateNgramCharFraction(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 0.10)));
        assertThat(reasonOf(relaxed5, GOOD + " " + firstWords)).isEqualTo("dup_ngram_10");
    }

    @Test
    void rejectsUnpunctuatedAndShortLines() {
        String unpunctuated = String.join("\n", java.util.Arrays.stream(SENTENCES)
                .map(s -> s.replaceAll("\\.$", "")).toList());
        assertThat(reasonOf(unpunctuated)).isEqualTo("line_punctuation");

        List<String> words = List.of(GOOD.split(" "));
        StringBuilder shortLines = new StringBuilder();
        for (int i = 0; i < words.size(); i += 4) {
            shortLines.append(String.join(" ", words.subList(i, Math.min(words.size(), i + 4))).replaceAll("[.,]", ""))
                    .append(".\n");
        }
        assertThat(reasonOf(shortLines.toString())).isEqualTo("short_lines");
    }

    @Test
    void passesAShortChinesePoemWithoutEnglishRules() {
        QualityVerdict verdict = filter.evaluate(QUATRAIN);

        assertThat(verdict.script()).isEqualTo(ScriptClass.UNSPACED);
        assertThat(verdict.passed()).as(verdict.detail()).isTrue();
        assertThat(reasonOf("秦川雄帝宅，函谷壯皇居。綺殿千尋起，離宮百雉餘。")).isNull();
    }

    @Test
    void rejectsChineseThatIsTooShortOrRepetitive() {
        assertThat(reasonOf("床前明月光。")).isEqualTo("too_few_words");
        assertThat(filter.evaluate("床前明月光。").detail()).isEqualTo("unspaced words 5 < 10");
        assertThat(reasonOf("床前明月光，疑是地上霜。\n床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。"))
                .isEqualTo("duplicate_lines");
        assertThat(reasonOf("哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈。")).isEqualTo("top_ngram_2");
        assertThat(reasonOf("春眠不覺曉，處處聞啼鳥。春眠不覺曉，夜來風雨聲。春眠不覺曉，花落知多少。"))
                .isEqualTo("top_ngram_3");
        String repeated = "春眠不覺曉處處聞啼鳥";
        assertThat(reasonOf(repeated + "，夜來風雨聲花落知多少。床前明月光疑是地上霜，舉頭望明月低頭思故鄉。" + repeated + "。"))
                .isEqualTo("dup_ngram_5");
        assertThat(reasonOf("床前明月光 ### 疑是地上霜 ### 舉頭望明月")).isEqualTo("symbol_ratio");
        assertThat(reasonOf("床前明月光 123 456 789 疑是 000 111 222 333")).isEqualTo("alpha_words");
    }

    @Test
    void classifiesScriptsByLetterShare() {
        assertThat(ScriptClass.of("Hi 世界你好", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("Hello world 世界", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("こんにちは、カタカナ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("สวัสดีครับ", 0.5)).isEqualTo(ScriptClass.UNSPACED);
        assertThat(ScriptClass.of("안녕하세요 여러분", 0.5)).isEqualTo(ScriptClass.SPACED);
        assertThat(ScriptClass.of("1234 !!", 0.5)).isEqualTo(ScriptClass.SPACED);
    }
}
