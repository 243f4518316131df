package io.greentrain.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.text.TextCleaningReport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeptShareCheckTest {

    private static final KeptShareCheck DEFAULTS = new KeptShareCheck(KeptShareCheck.WARN_BELOW_DEFAULT,
            KeptShareCheck.FAIL_BELOW_DEFAULT);

    @Test
    void warnsWhenUnderOnePercentIsKeptNamingTheThreeTopReasonsLargestFirst() {
        TextCleaningReport report = report(1, Map.of("too_few_words", 80L, "line_punctuation", 229L,
                "dup_ngram_5", 30L, "empty", 1L));

        assertThat(DEFAULTS.warning(report)).hasValueSatisfying(warning -> assertThat(warning)
                .contains("kept 1 of 341 documents (0.29%)")
                .contains("greentrain.text.warn-kept-fraction = 0.01")
                .contains("top removal reasons: line_punctuation 229, too_few_words 80, dup_ngram_5 30.")
                .doesNotContain("empty 1"));
    }

    @Test
    void staysQuietFromOnePercentKeptAndWhenTurnedOff() {
        assertThat(DEFAULTS.warning(report(1, Map.of("too_few_words", 99L)))).isEmpty();
        assertThat(new KeptShareCheck(0, 0).warning(report(0, Map.of("too_few_words", 99L)))).isEmpty();
    }

    @Test
    void warnsWhenNoDocumentWasReadAtAll() {
        assertThat(DEFAULTS.warning(report(0, Map.of()))).hasValueSatisfying(warning -> assertThat(warning)
                .contains("kept 0 of 0 documents").contains("top removal reasons: none"));
    }

    @Test
    void failsOnlyUnderTheMinimumKeptFraction() {
        KeptShareCheck strict = new KeptShareCheck(0.01, 0.5);

        assertThatCode(() -> strict.requireEnoughKept(report(5, Map.of("stop_words", 5L)))).doesNotThrowAnyException();
        assertThatThrownBy(() -> strict.requireEnoughKept(report(4, Map.of("stop_words", 6L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kept 4 of 10 documents (40.00%), under greentrain.text.min-kept-fraction = 0.5")
                .hasMessageContaining("stop_words 6");
        assertThatCode(() -> DEFAULTS.requireEnoughKept(report(0, Map.of("stop_words", 6L))))
                .doesNotThrowAnyException();
    }

    private static TextCleaningReport report(long kept, Map<String, Long> removed) {
        long in = kept + removed.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> byScript = new LinkedHashMap<>();
        byScript.put("spaced", kept);
        return new TextCleaningReport(1, in, kept, removed, 0, 0, 0, 0, 0, byScript, 0, 0, 0, 0, 0);
    }
}
