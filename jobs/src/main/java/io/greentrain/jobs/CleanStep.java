package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.preprocessing.tabular.CleaningReport;
import io.greentrain.preprocessing.tabular.CleaningResult;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import java.util.List;
import org.apache.spark.sql.SaveMode;

/** Step 1: CSV in, cleaned Parquet out, with quarantine, duplicates and a reconciled report. */
final class CleanStep {

    private CleanStep() {
    }

    /**
     * Runs the step, writing into {@code out}, and returns its {@code clean} section of the summary.
     *
     * @param inputHash the {@link InputFingerprint} of the input files
     */
    static ObjectNode run(JobContext ctx, RunLayout out, String inputHash) {
        List<String> inputs = ctx.config().requireInputPaths();
        Phases.enter(ctx.spark().sparkContext(), "clean");
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
        return section;
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
