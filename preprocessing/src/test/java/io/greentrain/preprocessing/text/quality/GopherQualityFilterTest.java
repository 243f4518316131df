package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.QualityTexts.DEFAULTS;
import static io.greentrain.preprocessing.text.quality.QualityTexts.GOOD;
import static io.greentrain.preprocessing.text.quality.QualityTexts.SENTENCES;
import static io.greentrain.preprocessing.text.quality.QualityTexts.defaultsWith;
import static io.greentrain.preprocessing.text.quality.QualityTexts.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GopherQualityFilterTest {

    private static QualityFilters with(GopherQualityThresholds.Builder builder) {
        return defaultsWith(new GopherQualityFilter(builder.build()));
    }

    @Test
    void rejectsShortAndLongDocuments() {
        assertThat(reasonOf("The short note was sent to the office.")).isEqualTo("too_few_words");
        assertThat(DEFAULTS.evaluate("The short note was sent to the office.").detail()).isEqualTo("words 8 < 50");
        assertThat(reasonOf(with(GopherQualityThresholds.builder().maxWords(60)), GOOD)).isEqualTo("too_many_words");
    }

    @Test
    void countsTheLengthOfAChineseSayingWithoutItsAttribution() {
        String saying = "學而時習之，不亦說乎？有朋自遠方來";

        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(saying + "\n-- 論語", 0.5)))
                .isEqualTo(FilterResult.KEEP);
        assertThat(DEFAULTS.evaluate("學而時習之，不亦說乎？").detail()).isEqualTo("unspaced words 9 < 10");
    }

    @Test
    void keepsAFourCharacterIdiomQuotedWithItsSource() {
        assertThat(reasonOf("臥薪嘗膽\n-- 《史記》")).isNull();
        assertThat(reasonOf("一鳴驚人\n——《史記·滑稽列傳》")).isNull();
        assertThat(DEFAULTS.evaluate("臥薪嘗膽").detail()).isEqualTo("unspaced words 4 < 10");
        assertThat(DEFAULTS.evaluate("知止。\n-- 《大學》").detail()).isEqualTo("unspaced words of a quotation 2 < 4");
    }

    @Test
    void asksChineseForOneStopWordInEveryFullTwoHundredCharacters() {
        String keywords = "北京手机价格，上海手机批发，广州电脑专卖，深圳耳机价格，杭州相机批发，".repeat(7)
                .replace("，", "、") + "重庆手表专卖，西安平板价格，南京空调批发，武汉冰箱专卖，成功跑鞋价格。";
        String quatrain = "白日依山盡，黃河入海流。\n欲窮千里目，更上一層樓。";
        String japanese = ("東京タワーへ行きました。天気がよくて、富士山が見えました。").repeat(4);

        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(keywords, 0.5))).isEqualTo(FilterResult.drop(
                RemovalReason.STOP_WORDS, "Chinese stop words 0 < 1 (0.005 of 240 words)"));
        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(quatrain, 0.5)))
                .as("a quatrain needs no particle").isEqualTo(FilterResult.KEEP);
        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(japanese, 0.5)))
                .as("there is no Japanese list").isEqualTo(FilterResult.KEEP);
        assertThat(new GopherQualityFilter(GopherQualityThresholds.builder().chineseMinStopWordShare(0).build())
                .check(TextDocument.of(keywords, 0.5))).isEqualTo(FilterResult.KEEP);
    }

    @Test
    void measuresTheEnglishWordRulesOnTheSpacedPartOfAMixedDocument() {
        String quoted = GOOD + " The sign said 床前明月光疑是地上霜舉頭望明月低頭思故鄉 in large letters.";
        TextDocument document = TextDocument.of(quoted, 0.5);

        assertThat(document.script()).isEqualTo(ScriptClass.SPACED);
        assertThat(document.spacedPart()).doesNotContain("床", "前").contains("sign", "large");
        assertThat(GopherQualityFilter.defaults().check(document)).as("the Chinese phrase is not one 20-letter word")
                .isEqualTo(FilterResult.KEEP);
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
        assertThat(DEFAULTS.evaluate(GOOD + " #news".repeat(15)).detail()).startsWith("hash per word 0.1");
        assertThat(reasonOf(GOOD + " and so on ...".repeat(20))).isEqualTo("symbol_ratio");
        assertThat(reasonOf(String.join("\n", Arrays.stream(SENTENCES).map(s -> "• " + s).toList())))
                .isEqualTo("bullet_lines");
        assertThat(reasonOf(String.join("\n", Arrays.stream(SENTENCES)
                .map(s -> s.replaceAll("\\.$", "...")).toList()))).isEqualTo("ellipsis_lines");
    }

    @Test
    void asksForEnglishStopWordsOnlyInMostlyLatinText() {
        String russian = ("Комитет собрался во вторник, чтобы обсудить бюджет на следующий год. Члены комитета "
                + "согласились, что библиотеке нужны новые компьютеры, а парку нужно лучшее освещение. ").repeat(3);
        String korean = ("위원회는 화요일에 모여 내년 예산을 논의했습니다. 위원들은 도서관에 새 컴퓨터가 필요하다는 데 "
                + "동의했습니다. ").repeat(4);

        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(russian, 0.5))).isEqualTo(FilterResult.KEEP);
        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(korean, 0.5))).isEqualTo(FilterResult.KEEP);
        String englishWithoutStopWords = "Apples, bananas cherries dates figs grapes kiwis lemons mangoes oranges. "
                .repeat(6);
        assertThat(GopherQualityFilter.defaults().check(TextDocument.of(englishWithoutStopWords + "Комитет собрался.",
                0.5)).reason()).as("a Russian phrase does not exempt English").isEqualTo(RemovalReason.STOP_WORDS);
    }

    @Test
    void rejectsTextWithoutLettersOrStopWords() {
        assertThat(reasonOf(GOOD + " 1234 56 7.5 99".repeat(10))).isEqualTo("alpha_words");
        assertThat(reasonOf("Apples bananas cherries dates figs grapes kiwis lemons mangoes oranges. ".repeat(6)
                .replace("Apples bananas", "Apples, bananas"))).isIn("stop_words");
    }

    @Test
    void turnsTheStopWordRuleOffWithZeroStopWords() {
        String noStopWords = "Apples bananas cherries dates figs grapes kiwis lemons mangoes oranges. ".repeat(6);
        GopherQualityFilter filter = new GopherQualityFilter(GopherQualityThresholds.builder().minStopWords(0).build());

        assertThat(filter.check(TextDocument.of(noStopWords, ScriptClass.UNSPACED_SHARE_DEFAULT)))
                .isEqualTo(FilterResult.KEEP);
    }

    @Test
    void measuresUnspacedDocumentsInLettersWithoutTheEnglishRules() {
        GopherQualityFilter filter = GopherQualityFilter.defaults();

        assertThat(filter.check(TextDocument.of("床前明月光。", 0.5)))
                .isEqualTo(FilterResult.drop(RemovalReason.TOO_FEW_WORDS, "unspaced words 5 < 10"));
        assertThat(filter.check(TextDocument.of(QualityTexts.QUATRAIN, 0.5))).isEqualTo(FilterResult.KEEP);
    }

    @Test
    void ownsTheLengthAndGopherQualityReasonsInCheckOrder() {
        assertThat(GopherQualityFilter.defaults().reasons()).containsExactly(RemovalReason.TOO_FEW_WORDS,
                RemovalReason.TOO_MANY_WORDS, RemovalReason.MEAN_WORD_LENGTH, RemovalReason.SYMBOL_RATIO,
                RemovalReason.BULLET_LINES, RemovalReason.ELLIPSIS_LINES, RemovalReason.ALPHA_WORDS,
                RemovalReason.STOP_WORDS);
    }

    @Test
    void rejectsWordLimitsThatCannotBeMet() {
        assertThatThrownBy(() -> GopherQualityThresholds.builder().minWords(100).maxWords(50).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("words 100..50");
        assertThatThrownBy(() -> GopherQualityThresholds.builder().chineseStopWords(java.util.Set.of("我們")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Chinese stop words are single characters, got '我們'");
    }
}
