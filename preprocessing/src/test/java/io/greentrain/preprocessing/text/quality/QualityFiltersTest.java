package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.QualityTexts.DEFAULTS;
import static io.greentrain.preprocessing.text.quality.QualityTexts.GOOD;
import static io.greentrain.preprocessing.text.quality.QualityTexts.QUATRAIN;
import static io.greentrain.preprocessing.text.quality.QualityTexts.reasonOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QualityFiltersTest {

    @Test
    void passesOrdinaryEnglishProse() {
        QualityVerdict verdict = DEFAULTS.evaluate(GOOD);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.script()).isEqualTo(ScriptClass.SPACED);
    }

    @Test
    void removesBlankTextAsEmptyBeforeAnyFilter() {
        assertThat(reasonOf("")).isEqualTo("empty");
        assertThat(reasonOf(new QualityFilters(0.5, List.of()), " \n ")).isEqualTo("empty");
        assertThat(reasonOf(new QualityFilters(0.5, List.of()), "x")).isNull();
    }

    @Test
    void passesAShortChinesePoemWithoutEnglishRules() {
        QualityVerdict verdict = DEFAULTS.evaluate(QUATRAIN);

        assertThat(verdict.script()).isEqualTo(ScriptClass.UNSPACED);
        assertThat(verdict.passed()).as(verdict.detail()).isTrue();
        assertThat(reasonOf("秦川雄帝宅，函谷壯皇居。綺殿千尋起，離宮百雉餘。")).isNull();
    }

    @Test
    void rejectsChineseThatIsTooShortOrRepetitive() {
        assertThat(reasonOf("床前明月光。")).isEqualTo("too_few_words");
        assertThat(DEFAULTS.evaluate("床前明月光。").detail()).isEqualTo("unspaced words 5 < 10");
        assertThat(reasonOf("床前明月光，疑是地上霜。\n床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。"))
                .isEqualTo("duplicate_lines");
        assertThat(reasonOf("哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈。")).isEqualTo("top_ngram_2");
        assertThat(reasonOf("春眠不覺曉，處處聞啼鳥。春眠不覺曉，夜來風雨聲。春眠不覺曉，花落知多少。"))
                .isEqualTo("dup_ngram_5");
        String repeated = "春眠不覺曉處處聞啼鳥";
        assertThat(reasonOf(repeated + "，夜來風雨聲花落知多少。床前明月光疑是地上霜，舉頭望明月低頭思故鄉。" + repeated + "。"))
                .isEqualTo("dup_ngram_5");
        assertThat(reasonOf("床前明月光 ### 疑是地上霜 ### 舉頭望明月")).isEqualTo("symbol_ratio");
        assertThat(reasonOf("床前明月光 123 456 789 疑是 000 111 222 333")).isEqualTo("alpha_words");
    }

    @Test
    void classifiesScriptsWithItsShareOfUnits() {
        String mixed = "Hello big world 世界";

        assertThat(DEFAULTS.evaluate(mixed).script()).as("2 of 5 units").isEqualTo(ScriptClass.SPACED);
        assertThat(DEFAULTS.withUnspacedScriptShare(0.4).evaluate(mixed).script()).isEqualTo(ScriptClass.UNSPACED);
        assertThat(DEFAULTS.evaluate("Hello 世界").script()).as("2 of 3 units").isEqualTo(ScriptClass.UNSPACED);
    }

    @Test
    void judgesAChineseManualPageWithLatinCommandsAsChinese() {
        String manual = "使用 git commit --amend 修改提交信息，用 git rebase --interactive 整理历史。";
        QualityVerdict verdict = DEFAULTS.evaluate(manual);

        assertThat(verdict.script()).as("13 characters against 6 Latin words, though 34 Latin letters")
                .isEqualTo(ScriptClass.UNSPACED);
        assertThat(verdict.passed()).as(verdict.detail()).isTrue();
    }

    @Test
    void runsTheDefaultFiltersInTheOrderOfRemovalReason() {
        List<RemovalReason> owned = DEFAULTS.filters().stream().flatMap(f -> f.reasons().stream()).toList();

        assertThat(DEFAULTS.filters()).extracting(TextFilter::name)
                .containsExactly("gopher_quality", "c4", "gopher_repetition", "fineweb");
        assertThat(owned).isEqualTo(Arrays.asList(RemovalReason.values())
                .subList(RemovalReason.TOO_FEW_WORDS.ordinal(), RemovalReason.SHORT_LINES.ordinal() + 1));
    }

    @Test
    void letsTheFirstFailingFilterInListOrderDecide() {
        String curlyAndShort = "{ a short note }";
        QualityFilters c4First = new QualityFilters(0.5, List.of(C4QualityFilter.defaults(),
                GopherQualityFilter.defaults()));

        assertThat(reasonOf(curlyAndShort)).isEqualTo("too_few_words");
        assertThat(reasonOf(c4First, curlyAndShort)).isEqualTo("curly_bracket");
    }

    @Test
    void rejectsTwoFiltersOwningTheSameReason() {
        assertThatThrownBy(() -> new QualityFilters(0.5, List.of(C4QualityFilter.defaults(),
                new C4QualityFilter(C4Thresholds.builder().rejectCurlyBracket(false).build()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reason lorem_ipsum of filter c4 is already owned by c4");
    }

    @Test
    void rejectsAFilterReturningAReasonItDoesNotOwn() {
        TextFilter rogue = new TextFilter() {
            @Override
            public String name() {
                return "rogue";
            }

            @Override
            public Set<RemovalReason> reasons() {
                return Set.of(RemovalReason.SHORT_LINES);
            }

            @Override
            public FilterResult check(TextDocument document) {
                return FilterResult.drop(RemovalReason.STOP_WORDS, "stop words 0 < 2");
            }
        };

        assertThatThrownBy(() -> new QualityFilters(0.5, List.of(rogue)).evaluate(GOOD))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("rogue returned stop_words");
    }
}
