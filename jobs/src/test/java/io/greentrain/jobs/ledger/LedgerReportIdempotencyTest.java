package io.greentrain.jobs.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.report.HandWrittenLedger;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledger report} run again by a scheduler: skipped when done, rebuilt cleanly after a crash. */
class LedgerReportIdempotencyTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path ledger;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("greentrain-ledger-report-tests");
        ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static String report(Path out, String... extra) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        String[] args = new String[3 + extra.length];
        args[0] = ledger.toString();
        args[1] = "--out";
        args[2] = out.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        int exit = LedgerCommand.run(prepend("report", args), new PrintStream(text, true, StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        return text.toString(StandardCharsets.UTF_8);
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static List<String> sortedRows(Path parquet) {
        return spark.read().parquet(parquet.toString()).collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void aFinishedReportIsSkippedAndOneInterruptedIsRebuiltWithoutLeftovers() throws IOException {
        Path out = dir.resolve("report");
        report(out);
        Path marker = out.resolve("_markers/report.json");
        String markerBefore = Files.readString(marker);
        long htmlModified = Files.getLastModifiedTime(out.resolve("report.html")).toMillis();
        String csv = Files.readString(out.resolve("emissions.csv"));
        List<String> entries = sortedRows(out.resolve("entries"));
        List<String> byPhase = sortedRows(out.resolve("by_phase"));

        assertThat(report(out)).contains("up to date");
        assertThat(Files.readString(marker)).isEqualTo(markerBefore);
        assertThat(Files.getLastModifiedTime(out.resolve("report.html")).toMillis()).isEqualTo(htmlModified);

        // A crash after part of a second attempt: no marker, leftovers in staging and in a final folder.
        Files.delete(marker);
        Files.createDirectories(out.resolve("_staging/report/entries"));
        Files.writeString(out.resolve("_staging/report/entries/part-99999-crashed.parquet"), "not parquet");
        Files.writeString(out.resolve("entries/part-99999-crashed.parquet"), "not parquet");

        assertThat(report(out)).doesNotContain("up to date").contains("2 runs");
        assertThat(Files.readString(out.resolve("emissions.csv"))).isEqualTo(csv);
        assertThat(sortedRows(out.resolve("entries"))).isEqualTo(entries);
        assertThat(sortedRows(out.resolve("by_phase"))).isEqualTo(byPhase);
        assertThat(out.resolve("entries/part-99999-crashed.parquet")).doesNotExist();
        assertThat(out.resolve("_staging/report")).doesNotExist();
        assertThat(marker).isRegularFile();
        assertThat(Files.readString(marker)).isNotEqualTo(markerBefore);
    }
}
