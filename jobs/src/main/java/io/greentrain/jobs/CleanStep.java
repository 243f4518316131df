package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.preprocessing.tabular.CsvInputFiles;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.tabular.CleaningReport;
import io.greentrain.preprocessing.tabular.CleaningResult;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SaveMode;

/** Step 1: CSV in, cleaned Parquet out, with quarantine, duplicates and a reconciled report. */
final class CleanStep implements Step {

    @Override
    public String name() {
        return "clean";
    }

    @Override
    public String description() {
        return "CSV in; cleaned Parquet out, with quarantine, duplicates and a reconciled report";
    }

    @Override
    public List<String> outputs() {
        return List.of("clean");
    }

    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.input"), KeyGroup.section("greentrain.clean"));
    }

    @Override
    public List<String> summarySections() {
        return List.of("clean");
    }

    @Override
    public void validate(JobConfig config) {
        config.requireInputPaths();
        config.cleaningSpec();
    }

    /** The SHA-256 of the contents of the input files, empty ones included ({@link InputFingerprint}). */
    @Override
    public String sourceFingerprint(JobContext ctx) {
        CsvInputFiles files = CsvInputFiles.discover(ctx.config().requireInputPaths(), ctx.config().cleaningSpec(),
                ctx.hadoopConf());
        List<String> all = new ArrayList<>(files.files());
        all.addAll(files.emptyFiles());
        return InputFingerprint.sha256(ctx.jsc(), all);
    }

    /**
     * Runs the step, writing into {@code out}, and returns the {@code clean} section of the summary.
     *
     * @param inputHash the {@link InputFingerprint} of the input files
     */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout out, String inputHash) {
        List<String> inputs = ctx.config().requireInputPaths();
        ctx.progress().report("clean", "reading %s", inputs);
        CleaningResult result = TabularCleaner.clean(ctx.spark(), inputs, ctx.config().cleaningSpec());
        RunLayout layout = out;
        result.kept().write().mode(SaveMode.Overwrite).parquet(layout.cleaned());
        result.quarantine().write().mode(SaveMode.Overwrite).parquet(layout.quarantine());
        result.duplicates().write().mode(SaveMode.Overwrite).parquet(layout.duplicates());
        result.release();

        CleaningReport report = result.report();
        ctx.progress().report("clean", "%d rows in: %d kept, %d quarantined %s, %d duplicates, %d clipped",
                report.rowsIn(), report.rowsKept(), report.rowsQuarantined(), nonZero(report), report.rowsDuplicate(),
                report.rowsClipped());

        ObjectNode section = JsonFiles.newObject();
        section.put("rowsIn", report.rowsIn());
        section.put("rowsKept", report.rowsKept());
        section.put("rowsQuarantined", report.rowsQuarantined());
        section.put("rowsDuplicate", report.rowsDuplicate());
        section.put("rowsClipped", report.rowsClipped());
        section.put("blankLines", report.blankLines());
        ObjectNode reasons = section.putObject("quarantinedByReason");
        report.quarantinedByReason().forEach(reasons::put);
        section.put("inputSha256", inputHash);
        report.inputFiles().forEach(section.putArray("inputFiles")::add);
        report.emptyFiles().forEach(section.putArray("emptyFiles")::add);
        report.undeclaredColumns().forEach(section.putArray("undeclaredColumns")::add);
        JsonFiles.write(section, layout.cleanReport(), ctx.hadoopConf());
        ObjectNode sections = JsonFiles.newObject();
        sections.set("clean", section);
        return sections;
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode clean = summary.path("clean");
        if (!clean.isMissingNode()) {
            out.printf(Locale.ROOT, "  clean     %d rows in = %d kept + %d quarantined + %d duplicates%n",
                    clean.path("rowsIn").asLong(), clean.path("rowsKept").asLong(),
                    clean.path("rowsQuarantined").asLong(), clean.path("rowsDuplicate").asLong());
        }
    }

    private static String nonZero(CleaningReport report) {
        StringBuilder reasons = new StringBuilder();
        report.quarantinedByReason().forEach((reason, count) -> {
            if (count > 0) {
                reasons.append(reasons.length() == 0 ? "(" : ", ").append(reason).append(' ').append(count);
            }
        });
        return reasons.length() == 0 ? "" : reasons.append(')').toString();
    }
}
