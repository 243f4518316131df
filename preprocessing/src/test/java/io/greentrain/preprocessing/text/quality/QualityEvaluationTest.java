package io.greentrain.preprocessing.text.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.preprocessing.text.RemovalReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default filters on the labelled evaluation set {@code data/text/quality-eval/quality-eval.jsonl}: the goals of
 * issue 17, and the figures in {@code docs/text-cleaning.md} are those the filters give today.
 */
class QualityEvaluationTest {

    static final Path EVAL_SET = Path.of("../data/text/quality-eval/quality-eval.jsonl");
    static final Path DOC = Path.of("../docs/text-cleaning.md");

    private static List<LabelledDocument> documents;
    private static QualityEvaluation evaluation;

    @BeforeAll
    static void evaluate() {
        documents = LabelledDocument.readJsonLines(EVAL_SET);
        evaluation = QualityEvaluation.run(documents, QualityFilters.defaults());
    }

    @Test
    void holdsAFewHundredLabelledDocumentsOfEveryGroup() {
        assertThat(documents).hasSizeBetween(300, 1000);
        assertThat(documents).extracting(LabelledDocument::group).containsAll(QualityEvaluation.GOOD_SHORT_CJK)
                .containsAll(QualityEvaluation.CRAFTED_JUNK);
        assertThat(documents.stream().filter(d -> !d.keep()).map(LabelledDocument::reason).distinct().count())
                .as("intended reasons").isGreaterThanOrEqualTo(10);
    }

    @Test
    void keepsTheGoodShortCjkTexts() {
        assertThat(evaluation.keepRecall(QualityEvaluation.GOOD_SHORT_CJK))
                .isGreaterThanOrEqualTo(QualityEvaluation.KEEP_RECALL_GOAL);
    }

    @Test
    void removesTheCraftedJunk() {
        assertThat(evaluation.removeRecall(QualityEvaluation.CRAFTED_JUNK))
                .isGreaterThanOrEqualTo(QualityEvaluation.REMOVE_RECALL_GOAL);
        assertThat(evaluation.removeRecall(Set.of("zh-junk"))).isGreaterThanOrEqualTo(QualityEvaluation.REMOVE_RECALL_GOAL);
        assertThat(evaluation.removeRecall(Set.of("en-junk"))).isGreaterThanOrEqualTo(QualityEvaluation.REMOVE_RECALL_GOAL);
    }

    @Test
    void documentsTheFiguresTheFiltersGiveToday() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);

        assertThat(QualityEvaluation.sectionOf(doc))
                .as("docs/text-cleaning.md is out of date: run scripts/text-eval.sh")
                .isEqualTo(evaluation.markdown());
    }

    @Test
    void measuresWhatTheGoalsMeasure() {
        LabelledDocument poem = new LabelledDocument("p", "zh-poem", true, null, "床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。");
        LabelledDocument tooShort = new LabelledDocument("s", "zh-poem", true, null, "床前明月光。");
        LabelledDocument junk = new LabelledDocument("j", "zh-junk", false, RemovalReason.TOP_NGRAM_2, "哈哈".repeat(10));
        LabelledDocument missed = new LabelledDocument("m", "en-junk", false, RemovalReason.STOP_WORDS,
                QualityTexts.GOOD);
        QualityEvaluation small = QualityEvaluation.run(List.of(poem, tooShort, junk, missed), QualityFilters.defaults());

        assertThat(small.keepRecall(Set.of("zh-poem"))).isEqualTo(0.5);
        assertThat(small.removeRecall(QualityEvaluation.CRAFTED_JUNK)).isEqualTo(0.5);
        assertThat(small.markdown()).contains("| zh-poem | 2 | keep | 1 | 1 | 0.500 |")
                .contains("| `top_ngram_2` | 1 | 1 | 1.000 | 1 | 1.000 |")
                .contains("| m | remove stop_words | kept |");
    }

    @Test
    void replacesOnlyItsOwnSection(@TempDir Path dir) throws IOException {
        String doc = "# Title\n\nBefore.\n\n" + QualityEvaluation.BEGIN_MARKER + "\nold\n" + QualityEvaluation.END_MARKER
                + "\n\nAfter.\n";

        assertThat(QualityEvaluation.withSection(doc, QualityEvaluation.BEGIN_MARKER + "\nnew\n"
                + QualityEvaluation.END_MARKER + "\n")).isEqualTo(doc.replace("old", "new"));
        assertThatThrownBy(() -> QualityEvaluation.withSection("# no section\n", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<!-- text-eval -->");
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"id\": \"a\", \"group\": \"g\", \"label\": \"maybe\"}\n");
        assertThatThrownBy(() -> LabelledDocument.readJsonLines(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken.jsonl line 1: label must be keep or remove, got 'maybe'");
    }
}
