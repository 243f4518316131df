package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone ledger tools: {@code verify} and {@code report}, with their exit codes and one-line errors. */
class LedgerReportMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LedgerReportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutACommandPrintsTheUsageAndExitsWithTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(errors()).startsWith("usage: ledger-report verify LEDGER...");
    }

    @Test
    void helpGoesToStandardOutputAndExitsWithZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ledger-report report LEDGER... --out DIR");
    }

    @Test
    void anUnknownCommandIsNamedOnOneLineAndExitsWithTwo() {
        assertThat(run("summarise", "x")).isEqualTo(2);
        assertThat(errors().lines().findFirst()).hasValue("error: unknown command 'summarise'");
    }

    @Test
    void reportWithoutOutIsAUsageError() {
        assertThat(run("report", dir.toString())).isEqualTo(2);
        assertThat(errors().lines().findFirst()).hasValue("error: ledger report needs LEDGER paths and --out DIR");
    }

    @Test
    void reportArgumentsKeepTheLedgersInOrderAndNoticeForce() {
        LedgerReportMain.ReportArguments parsed = LedgerReportMain.ReportArguments.parse(
                List.of("b", "--out", "o", "a", "--force"));

        assertThat(parsed.ledgers()).containsExactly("b", "a");
        assertThat(parsed.outDir()).isEqualTo("o");
        assertThat(parsed.force()).isTrue();
    }

    @Test
    void verifyPassesAnIntactLedgerAndExitsWithOneOnAnEditedLine() throws IOException {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        assertThat(run("verify", ledger.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(ledger + ": ");

        Path segment = ledger.resolve("run=run-a/" + HandWrittenLedger.padded(0, 5));
        Files.writeString(segment, Files.readString(segment).replaceFirst("\"activeJoules\":[0-9.]+", "\"activeJoules\":0.5"));
        assertThat(run("verify", ledger.toString())).isEqualTo(1);
    }

    @Test
    void verifyOfAMissingLedgerIsOneLineAndExitTwo() {
        String missing = dir.resolve("nothing-here").toString();
        assertThat(run("verify", missing)).isEqualTo(2);
        assertThat(errors()).isEqualTo("error: no ledger at " + missing + System.lineSeparator());
    }

    @Test
    void reportWritesEveryOutputIntoTheFolder() {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        Path report = dir.resolve("report");

        assertThat(run("report", ledger.toString(), "--out", report.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ledger report: 2 runs");
        LedgerReport.OUTPUTS.forEach(output -> assertThat(report.resolve(output)).exists());
    }
}
