package io.greentrain.jobs.ledger;

import io.greentrain.jobs.JobRunner;
import io.greentrain.jobs.RunLayout;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Runs {@link LedgerReport} in a Spark session of its own and prints where it wrote. */
final class LedgerReportRunner {

    private LedgerReportRunner() {
    }

    static int run(List<String> ledgers, String outDir, PrintStream out) {
        SparkSession spark = JobRunner.session("greentrain ledger report", new RunLayout(outDir));
        ReportResult result = LedgerReport.write(spark, ledgers, outDir);
        out.printf("ledger report: %d runs, %d entries from %d segments%n", result.runs(), result.entryRows(),
                result.segments());
        out.printf("  %s%n  %s%n  %s%n  %s%n", result.emissionsCsv(), result.entries(), result.byPhase(),
                result.reportHtml());
        result.perUnitRows().forEach(figures -> out.printf("  per unit of work: %s%n", figures.describe()));
        return JobRunner.OK;
    }
}
