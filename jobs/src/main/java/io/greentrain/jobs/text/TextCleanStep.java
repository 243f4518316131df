package io.greentrain.jobs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.jobs.InputFingerprint;
import io.greentrain.jobs.JobContext;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.Step;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.jobs.config.TextKeys;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.Phases;
import io.greentrain.energy.api.Work;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.text.TextCleaningReport;
import io.greentrain.preprocessing.text.TextCleaningSpec;
import io.greentrain.preprocessing.text.TextCorpusCleaner;
import io.greentrain.preprocessing.text.read.TextCorpusReader;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Text step 1: raw corpus files in; cleaned, deduplicated documents out, every removed document
 * kept under {@code text/removed/<reason>/} and counted. A run that keeps too small a share of its
 * documents ends with a warning, or fails with exit code 2 ({@link KeptShareCheck}).
 */
public final class TextCleanStep implements Step {

    /**
     * The {@code textClean} summary field holding {@link KeptShareCheck#warning}, present only when the run kept
     * under {@code greentrain.text.warn-kept-fraction} of its documents.
     */
    static final String KEPT_SHARE_WARNING = "keptShareWarning";

    /** The {@code textClean} summary field of the gross training tokens: characters read. */
    static final String GROSS_TOKENS_FIELD = "grossTokens";

    /** The {@code textClean} summary field of the effective training tokens: characters kept. */
    static final String EFFECTIVE_TOKENS_FIELD = "effectiveTokens";

    @Override
    public String name() {
        return "text-clean";
    }

    @Override
    public String description() {
        return "text corpus: read, normalise, quality-filter, exact and near deduplicate";
    }

    @Override
    public List<String> outputs() {
        return List.of("text/kept", "text/removed", "text/report.json");
    }

    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.input"), KeyGroup.section("greentrain.text.format"),
                KeyGroup.section("greentrain.text.charset"), KeyGroup.section("greentrain.text.json"),
                KeyGroup.section("greentrain.text.email"), KeyGroup.section("greentrain.text.record-separator"),
                KeyGroup.section("greentrain.text.normalize"), KeyGroup.section("greentrain.text.quality"),
                KeyGroup.section("greentrain.text.dedup"), KeyGroup.section("greentrain.text.warn-kept-fraction"),
                KeyGroup.section("greentrain.text.min-kept-fraction"));
    }

    @Override
    public List<String> summarySections() {
        return List.of("textClean");
    }

    @Override
    public void validate(JobConfig config) {
        config.requireInputPaths();
    }

    /** The corpus paths exist (or, as globs, match a file). */
    @Override
    public void checkInputs(JobConfig config, org.apache.hadoop.conf.Configuration hadoopConf) {
        TextCorpusReader.listFiles(hadoopConf, config.requireInputPaths());
    }

    /** The SHA-256 of the contents of the corpus files ({@link InputFingerprint}). */
    @Override
    public String sourceFingerprint(JobContext ctx) {
        return InputFingerprint.sha256(ctx.jsc(),
                TextCorpusReader.listFiles(ctx.hadoopConf(), ctx.config().requireInputPaths()));
    }

    /**
     * Runs the step, writing into {@code staging}; returns the {@code textClean} section of the summary.
     *
     * @param inputSha256 the fingerprint of the input files' contents, recorded in the report
     */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout staging, String inputSha256) {
        TextLayout out = new TextLayout(staging.outputDir());
        List<String> inputs = ctx.config().requireInputPaths();
        TextCleaningSpec spec = ctx.config().textCleaningSpec();
        ctx.progress().report("text-clean", "reading %s as %s", inputs,
                spec.reader().format().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        TextCleaningReport report = TextCorpusCleaner.clean(ctx.spark(), spec, inputs, out.cleanDir());

        ObjectNode section = JsonFiles.MAPPER.valueToTree(report.toMap());
        section.put("inputSha256", inputSha256);
        recordTrainingTokens(ctx, report, section);
        KeptShareCheck keptShare = new KeptShareCheck(ctx.config().get(TextKeys.WARN_KEPT_FRACTION),
                ctx.config().get(TextKeys.MIN_KEPT_FRACTION));
        Optional<String> warning = keptShare.warning(report);
        warning.ifPresent(message -> section.put(KEPT_SHARE_WARNING, message));
        JsonFiles.write(section, out.cleanReport(), ctx.hadoopConf());
        String removed = report.removedByReason().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        ctx.progress().report("text-clean", "%d documents in = %d kept + %d removed (%s); %d near-duplicate clusters",
                report.docsIn(), report.docsKept(), report.docsRemoved(), removed, report.clusters());
        warning.ifPresent(message -> ctx.progress().report("text-clean", "warning: %s", message));
        keptShare.requireEnoughKept(report);
        ObjectNode sections = JsonFiles.newObject();
        sections.set("textClean", section);
        return sections;
    }

    /**
     * The corpus's gross and effective training tokens, as the SCI-for-AI extension asks a training provider to
     * report them: gross, the tokens read (before normalisation, quality filters and deduplication); effective, the
     * tokens of the documents kept (after them). The text model's tokens are characters (code points), so these
     * are {@link TextCleaningReport#charsIn()} and {@link TextCleaningReport#charsKept()}. Written to the summary
     * ({@value #GROSS_TOKENS_FIELD}, {@value #EFFECTIVE_TOKENS_FIELD}) and as work lines of this step's phase, from
     * which the ledger report's SCI section gives a score per token for each.
     */
    private void recordTrainingTokens(JobContext ctx, TextCleaningReport report, ObjectNode section) {
        section.put(GROSS_TOKENS_FIELD, report.charsIn());
        section.put(EFFECTIVE_TOKENS_FIELD, report.charsKept());
        EnergyPlugin.recordWork(ctx.spark().sparkContext(), name(), Work.GROSS_TOKENS, report.charsIn());
        EnergyPlugin.recordWork(ctx.spark().sparkContext(), name(), Work.EFFECTIVE_TOKENS, report.charsKept());
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode textClean = summary.path("textClean");
        if (!textClean.isMissingNode()) {
            StringBuilder reasons = new StringBuilder();
            textClean.path("removedByReason").fields().forEachRemaining(reason -> {
                if (reason.getValue().asLong() > 0) {
                    reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.getKey()).append(' ')
                            .append(reason.getValue().asLong());
                }
            });
            out.printf(Locale.ROOT, "  text      %d documents in = %d kept + %d removed (%s)%n",
                    textClean.path("docsIn").asLong(), textClean.path("docsKept").asLong(),
                    textClean.path("docsRemoved").asLong(), reasons);
            if (textClean.has(GROSS_TOKENS_FIELD)) {
                out.printf(Locale.ROOT, "  tokens    %d gross (as read), %d effective (after quality filters and "
                        + "dedup)%n", textClean.path(GROSS_TOKENS_FIELD).asLong(),
                        textClean.path(EFFECTIVE_TOKENS_FIELD).asLong());
            }
            if (textClean.hasNonNull(KEPT_SHARE_WARNING)) {
                out.printf(Locale.ROOT, "  warning   %s%n", textClean.path(KEPT_SHARE_WARNING).asText());
            }
        }
    }
}
