package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Sample documents and a verdict helper shared by the filter specifications. */
final class QualityTexts {

    static final String[] SENTENCES = {
        "The committee met on Tuesday to discuss the budget for the coming year.",
        "Members agreed that the library needs new computers and that the park should have better lighting.",
        "After a long debate, the chair proposed a compromise with a smaller increase to be reviewed in spring.",
        "Several residents spoke about traffic on the main road and asked the council for a lower speed limit.",
        "The meeting ended with a vote, and the proposal passed by seven votes to two."};
    /** Ordinary English prose that passes every default filter. */
    static final String GOOD = String.join(" ", SENTENCES);
    static final String QUATRAIN = "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。";

    static final QualityFilters DEFAULTS = QualityFilters.defaults();

    private QualityTexts() {
    }

    /** The reason code the default chain gives {@code text}, null when it passes. */
    static String reasonOf(String text) {
        return reasonOf(DEFAULTS, text);
    }

    /** The reason code {@code filters} give {@code text}, null when it passes. */
    static String reasonOf(QualityFilters filters, String text) {
        QualityVerdict verdict = filters.evaluate(text);
        assertThat(verdict.passed()).isEqualTo(verdict.detail() == null);
        return verdict.passed() ? null : verdict.reason().code();
    }

    /** The default chain with {@code replacement} in place of the default filter of its class. */
    static QualityFilters defaultsWith(TextFilter replacement) {
        List<TextFilter> filters = DEFAULTS.filters().stream()
                .map(f -> f.getClass() == replacement.getClass() ? replacement : f)
                .toList();
        return new QualityFilters(DEFAULTS.unspacedScriptShare(), filters);
    }
}
