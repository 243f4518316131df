package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The quality filters' figures on a labelled evaluation set ({@link LabelledDocument}): whether they keep what a reader
 * would keep and remove what a reader would remove, per group of documents and per intended reason, and how the rules
 * calibrated for CJK ({@link GopherRepetitionThresholds#unspacedMaxTopNgramCharFraction}, ...,
 * {@link GopherQualityThresholds#chineseMinStopWordShare}) separate the good CJK texts from the junk.
 *
 * <p>{@link #main} writes {@link #markdown()} as its section of {@code docs/text-cleaning.md}; a test recomputes it and
 * checks it against {@link #KEEP_RECALL_GOAL} and {@link #REMOVE_RECALL_GOAL}. Plain Java, no Spark.
 */
public final class QualityEvaluation {

    /** The groups of good short CJK texts: Tang poems, sayings with their source, Chinese with Latin names. */
    public static final Set<String> GOOD_SHORT_CJK = Set.of("zh-poem", "zh-saying", "zh-mixed");
    /** The groups of crafted spam and boilerplate. */
    public static final Set<String> CRAFTED_JUNK = Set.of("zh-junk", "en-junk");
    /** The least share of the good short CJK texts the filters must keep (issue 17). */
    public static final double KEEP_RECALL_GOAL = 0.95;
    /** The least share of the crafted junk the filters must remove, for any reason (issue 17). */
    public static final double REMOVE_RECALL_GOAL = 0.9;
    /** The markers of the section that {@link #main} writes. */
    public static final String BEGIN_MARKER = "<!-- text-eval -->";
    public static final String END_MARKER = "<!-- /text-eval -->";

    /** One document with the filters' verdict on it. */
    public record Outcome(LabelledDocument document, QualityVerdict verdict) {
        /** True when the filters did what the label says: kept a keep, removed a remove (for any reason). */
        public boolean agrees() {
            return document.keep() == verdict.passed();
        }
    }

    private final List<Outcome> outcomes;
    private final QualityFilters filters;

    private QualityEvaluation(List<Outcome> outcomes, QualityFilters filters) {
        this.outcomes = outcomes;
        this.filters = filters;
    }

    /** Runs {@code filters} on every document. */
    public static QualityEvaluation run(List<LabelledDocument> documents, QualityFilters filters) {
        List<Outcome> outcomes = new ArrayList<>();
        for (LabelledDocument document : documents) {
            outcomes.add(new Outcome(document, filters.evaluate(document.text())));
        }
        return new QualityEvaluation(List.copyOf(outcomes), filters);
    }

    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** The share of the documents to keep in {@code groups} that the filters keep. */
    public double keepRecall(Set<String> groups) {
        return share(outcomes.stream().filter(o -> groups.contains(o.document().group()) && o.document().keep())
                .toList());
    }

    /** The share of the documents to remove in {@code groups} that the filters remove, for any reason. */
    public double removeRecall(Set<String> groups) {
        return share(outcomes.stream().filter(o -> groups.contains(o.document().group()) && !o.document().keep())
                .toList());
    }

    /**
     * Per reason that was intended or given, in check order: documents labelled with it, of those removed for any
     * reason, of those removed for it; documents removed for it, of those labelled remove.
     */
    public Map<RemovalReason, long[]> reasonCounts() {
        Map<RemovalReason, long[]> counts = new EnumMap<>(RemovalReason.class);
        for (Outcome o : outcomes) {
            RemovalReason intended = o.document().reason();
            RemovalReason given = o.verdict().reason();
            if (intended != null) {
                long[] c = counts.computeIfAbsent(intended, r -> new long[5]);
                c[0]++;
                c[1] += given != null ? 1 : 0;
                c[2] += intended == given ? 1 : 0;
            }
            if (given != null) {
                long[] c = counts.computeIfAbsent(given, r -> new long[5]);
                c[3]++;
                c[4] += o.document().keep() ? 0 : 1;
            }
        }
        return counts;
    }

    /** The evaluation as Markdown, wrapped in {@link #BEGIN_MARKER} and {@link #END_MARKER}. */
    public String markdown() {
        StringBuilder md = new StringBuilder(BEGIN_MARKER).append('\n');
        md.append(String.format(Locale.ROOT, "Goals: the good short CJK texts kept %s (goal at least %s); the crafted "
                        + "junk removed %s (goal at least %s).%n%n", fmt(keepRecall(GOOD_SHORT_CJK)),
                KEEP_RECALL_GOAL, fmt(removeRecall(CRAFTED_JUNK)), REMOVE_RECALL_GOAL));
        md.append("| group | documents | label | kept | removed | as labelled |\n|---|---:|---|---:|---:|---:|\n");
        Map<String, List<Outcome>> byGroup = new LinkedHashMap<>();
        outcomes.forEach(o -> byGroup.computeIfAbsent(o.document().group(), g -> new ArrayList<>()).add(o));
        byGroup.forEach((group, list) -> {
            long kept = list.stream().filter(o -> o.verdict().passed()).count();
            String labels = list.stream().map(o -> o.document().keep() ? "keep" : "remove").distinct()
                    .reduce((a, b) -> a + ", " + b).orElse("");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %s |%n", group, list.size(), labels, kept,
                    list.size() - kept, fmt(share(list))));
        });
        md.append("\nPer reason: *meant* counts the documents labelled with it, *removed* those of them removed for any "
                + "reason, *recall* those removed for it; *given* counts the documents the filters removed for it and "
                + "*precision* the share of those labelled remove.\n\n");
        md.append("| reason | meant | removed | recall | given | precision |\n|---|---:|---:|---:|---:|---:|\n");
        reasonCounts().forEach((reason, c) -> md.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %s | %d | %s |%n",
                reason.code(), c[0], c[1], c[0] == 0 ? "" : fmt((double) c[2] / c[0]), c[3],
                c[3] == 0 ? "" : fmt((double) c[4] / c[3]))));
        md.append("\nCalibration of the CJK rules: each measure on the unspaced documents labelled keep (good) and on "
                + "the unspaced documents labelled remove for that rule family (junk).\n\n");
        md.append("| measure | limit | good past it | good's extreme | junk past it | junk's extreme |\n|---|---:|---:|---:|---:|---:|\n");
        GopherRepetitionThresholds repetition = thresholds(GopherRepetitionFilter.class,
                GopherRepetitionFilter::thresholds, GopherRepetitionThresholds.DEFAULTS);
        for (int n = 2; n <= 4; n++) {
            int g = n;
            calibrationRow(md, "top " + n + "-gram characters", repetition.unspacedMaxTopNgramCharFraction().get(n - 2),
                    true, d -> GopherRepetitionFilter.topNgramCharFraction(d.words(), g, d.wordChars()), "top_ngram_",
                    "dup_ngram_", "duplicate_");
        }
        for (int n = 5; n <= 10; n++) {
            int g = n;
            calibrationRow(md, "characters in repeated " + n + "-grams",
                    repetition.unspacedMaxDuplicateNgramCharFraction().get(n - 5), true,
                    d -> GopherRepetitionFilter.duplicateNgramCharFraction(d.words(), g, d.wordChars()), "top_ngram_",
                    "dup_ngram_", "duplicate_");
        }
        GopherQualityThresholds quality = thresholds(GopherQualityFilter.class, GopherQualityFilter::thresholds,
                GopherQualityThresholds.DEFAULTS);
        calibrationRow(md, "Chinese stop words beyond the " + quality.chineseMinStopWordShare()
                        + " per character required", 0, false,
                d -> d.words().stream().filter(quality.chineseStopWords()::contains).count()
                        - Math.floor(quality.chineseMinStopWordShare() * d.words().size()), "stop_words");
        List<Outcome> wrong = outcomes.stream().filter(o -> !o.agrees()).toList();
        md.append("\nDocuments judged against their label (").append(wrong.size()).append("):\n\n");
        if (!wrong.isEmpty()) {
            md.append("| document | label | verdict |\n|---|---|---|\n");
            for (Outcome o : wrong) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", o.document().id(),
                        o.document().keep() ? "keep" : "remove " + o.document().reason().code(),
                        o.verdict().passed() ? "kept" : o.verdict().reason().code() + ": " + o.verdict().detail()));
            }
        }
        return md.append(END_MARKER).append('\n').toString();
    }

    /**
     * Writes the evaluation of the default filters on the set {@code args[0]} as its section of the Markdown file
     * {@code args[1]} (replacing the section between the markers, which must be there) and prints the goals.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: QualityEvaluation EVAL_SET.jsonl DOC.md");
            System.exit(2);
        }
        QualityEvaluation evaluation = run(LabelledDocument.readJsonLines(Path.of(args[0])), QualityFilters.defaults());
        Path doc = Path.of(args[1]);
        Files.writeString(doc, withSection(Files.readString(doc, StandardCharsets.UTF_8), evaluation.markdown()),
                StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "good short CJK texts kept %s (goal %s), crafted junk removed %s (goal %s); "
                        + "wrote %s%n", fmt(evaluation.keepRecall(GOOD_SHORT_CJK)), KEEP_RECALL_GOAL,
                fmt(evaluation.removeRecall(CRAFTED_JUNK)), REMOVE_RECALL_GOAL, doc);
    }

    /** {@code document} with the section between the markers replaced by {@code section}. */
    public static String withSection(String document, String section) {
        int begin = document.indexOf(BEGIN_MARKER);
        int end = document.indexOf(END_MARKER);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN_MARKER + " ... " + END_MARKER + " section");
        }
        int after = end + END_MARKER.length();
        after += document.startsWith("\n", after) ? 1 : 0;
        return document.substring(0, begin) + section + document.substring(after);
    }

    /** The section between the markers of {@code document}, markers included; empty when there is none. */
    public static String sectionOf(String document) {
        int begin = document.indexOf(BEGIN_MARKER);
        int end = document.indexOf(END_MARKER);
        if (begin < 0 || end < begin) {
            return "";
        }
        int after = end + END_MARKER.length();
        return document.substring(begin, Math.min(document.length(), after + 1));
    }

    private void calibrationRow(StringBuilder md, String measure, double limit, boolean maximum,
                                ToDoubleFunction<TextDocument> value, String... junkReasonPrefixes) {
        List<Double> good = new ArrayList<>();
        List<Double> junk = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.verdict().script() != ScriptClass.UNSPACED || o.document().text().isBlank()) {
                continue;
            }
            TextDocument document = TextDocument.of(o.document().text(), filters.unspacedScriptShare());
            if (o.document().keep()) {
                good.add(value.applyAsDouble(document));
            } else if (Set.of(junkReasonPrefixes).stream().anyMatch(o.document().reason().code()::startsWith)) {
                junk.add(value.applyAsDouble(document));
            }
        }
        long goodOver = good.stream().filter(v -> maximum ? v > limit : v < limit).count();
        long junkOver = junk.stream().filter(v -> maximum ? v > limit : v < limit).count();
        double goodExtreme = good.stream().min(maximum ? Comparator.reverseOrder() : Comparator.naturalOrder())
                .orElse(Double.NaN);
        double junkExtreme = junk.stream().min(maximum ? Comparator.naturalOrder() : Comparator.reverseOrder())
                .orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "| %s | %s %s | %d of %d | %s | %d of %d | %s |%n", measure,
                maximum ? "at most" : "at least", fmt(limit), goodOver, good.size(), fmt(goodExtreme), junkOver,
                junk.size(), fmt(junkExtreme)));
    }

    private <F extends TextFilter, T> T thresholds(Class<F> type, java.util.function.Function<F, T> of, T fallback) {
        return filters.filters().stream().filter(type::isInstance).map(type::cast).findFirst().map(of)
                .orElse(fallback);
    }

    private static double share(List<Outcome> list) {
        return list.isEmpty() ? Double.NaN : (double) list.stream().filter(Outcome::agrees).count() / list.size();
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}
