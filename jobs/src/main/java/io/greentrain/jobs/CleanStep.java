package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.preprocessing.tabular.CleaningReport.QuarantineGroup;
import org.apache.hadoop.conf.Configuration;
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
import java.util.OptionalLong;
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

    /** The input paths exist, can be read, and every file's header names the declared columns. */
    @Override
    public void checkInputs(JobConfig config, Configuration hadoopConf) {
        CsvInputFiles.discover(config.requireInputPaths(), config.cleaningSpec(), hadoopConf);
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

    /** The bytes stored in the input's CSV files. */
    @Override
    public OptionalLong inputBytes(JobContext ctx) {
        return OptionalLong.of(CsvInputFiles.discover(ctx.config().requireInputPaths(), ctx.config().cleaningSpec(),
                ctx.hadoopConf()).storedBytes(ctx.hadoopConf()));
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
        // The same rows as JSON Lines, for readers without Parquet (greentrain inspect prints them).
        result.quarantine().coalesce(1).write().mode(SaveMode.Overwrite).json(layout.quarantineJson());
        result.duplicates().coalesce(1).write().mode(SaveMode.Overwrite).json(layout.duplicatesJson());
        result.release();

        CleaningReport report = result.report();
        ctx.progress().report("clean", "%d rows in: %d kept, %d quarantined%s, %d duplicates, %d clipped",
                report.rowsIn(), report.rowsKept(), report.rowsQuarantined(),
                report.rowsQuarantined() == 0 ? "" : " (" + report.quarantineByReasonAndColumn() + ")",
                report.rowsDuplicate(), report.rowsClipped());

        ObjectNode section = JsonFiles.newObject();
        section.put("rowsIn", report.rowsIn());
        section.put("rowsKept", report.rowsKept());
        section.put("rowsQuarantined", report.rowsQuarantined());
        section.put("rowsDuplicate", report.rowsDuplicate());
        section.put("rowsClipped", report.rowsClipped());
        section.put("blankLines", report.blankLines());
        ObjectNode reasons = section.putObject("quarantinedByReason");
        report.quarantinedByReason().forEach(reasons::put);
        ObjectNode byColumn = section.putObject("quarantinedByColumn");
        ArrayNode examples = section.putArray("quarantineExamples");
        for (QuarantineGroup group : report.quarantineGroups()) {
            ObjectNode columns = byColumn.has(group.reason()) ? (ObjectNode) byColumn.get(group.reason())
                    : byColumn.putObject(group.reason());
            columns.put(group.column(), group.rows());
            ObjectNode example = examples.addObject();
            example.put("reason", group.reason());
            example.put("column", group.column());
            example.put("rows", group.rows());
            group.examples().forEach(example.putArray("examples")::add);
        }
        section.put("inputSha256", inputHash);
        report.inputFiles().forEach(section.putArray("inputFiles")::add);
        report.emptyFiles().forEach(section.putArray("emptyFiles")::add);
        report.undeclaredColumns().forEach(section.putArray("undeclaredColumns")::add);
        JsonFiles.write(section, layout.cleanReport(), ctx.hadoopConf());
        checkQuarantinedShare(report, ctx.config().get(GreentrainKeys.CLEAN_MAX_QUARANTINED_FRACTION), layout);
        ObjectNode sections = JsonFiles.newObject();
        sections.set("clean", section);
        return sections;
    }

    /**
     * The guard {@code greentrain.clean.max-quarantined-fraction}: a run that quarantines more than
     * that share of its rows is almost always a declaration that does not fit the data (a decimal
     * column declared {@code long}), not bad data. Fails before the commit, so the staged outputs
     * stay for inspection and the step is not marked finished.
     *
     * @throws IllegalArgumentException naming the column and reason that dominate and where the rows are
     */
    static void checkQuarantinedShare(CleaningReport report, double maxFraction, RunLayout staged) {
        if (report.quarantinedFraction() <= maxFraction || report.quarantineGroups().isEmpty()) {
            return;
        }
        QuarantineGroup top = report.quarantineGroups().get(0);
        throw new IllegalArgumentException(String.format(Locale.ROOT,
                "clean quarantined %d of %d rows (%.1f%%), more than %s = %s allows; most are %s in column %s "
                        + "(%d rows, e.g. %s): check the column's declared type and range; the rows are in %s",
                report.rowsQuarantined(), report.rowsIn(), 100 * report.quarantinedFraction(),
                GreentrainKeys.CLEAN_MAX_QUARANTINED_FRACTION.path(), maxFraction, top.reason(), top.column(),
                top.rows(), top.examples().isEmpty() ? "-" : top.examples().get(0), staged.quarantineJson()));
    }

    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode clean = summary.path("clean");
        if (!clean.isMissingNode()) {
            out.printf(Locale.ROOT, "  clean     %d rows in = %d kept + %d quarantined + %d duplicates%n",
                    clean.path("rowsIn").asLong(), clean.path("rowsKept").asLong(),
                    clean.path("rowsQuarantined").asLong(), clean.path("rowsDuplicate").asLong());
            clean.path("quarantinedByColumn").fields().forEachRemaining(reason -> {
                StringBuilder columns = new StringBuilder();
                long rows = 0;
                for (var column : (Iterable<java.util.Map.Entry<String, JsonNode>>) reason.getValue()::fields) {
                    columns.append(columns.length() == 0 ? "" : ", ").append(column.getKey()).append(": ")
                            .append(column.getValue().asLong());
                    rows += column.getValue().asLong();
                }
                out.printf(Locale.ROOT, "            quarantined %s %d (%s)%n", reason.getKey(), rows, columns);
            });
        }
    }
}
