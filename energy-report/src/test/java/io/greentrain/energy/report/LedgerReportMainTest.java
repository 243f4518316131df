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
        assertThat(errors()).startsWith("usage: ledger-report verify [--key FILE] [--require-sealed] LEDGER...");
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

    @Test
    void reportSaysWhetherEachRunVerifiedAndWasSealed() throws IOException {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        Path report = dir.resolve("report");

        assertThat(run("report", ledger.toString(), "--out", report.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  verified first: 2 runs intact but unsealed "
                + "(the run did not finish, or its last segment is missing)");
        assertThat(Files.readString(report.resolve(LedgerReport.REPORT_HTML)))
                .contains("ledger verified before this report: hash chain intact but unsealed");

        sealBothRuns(ledger, null);
        out.reset();
        assertThat(run("report", ledger.toString(), "--out", report.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  verified first: 2 runs intact and sealed");
        assertThat(Files.readString(report.resolve(LedgerReport.REPORT_HTML)))
                .contains("ledger verified before this report: hash chain intact and sealed (completed)");
    }

    @Test
    void verifyTellsSealedFromUnsealedRunsAndRequireSealedExitsWithThreeOnAnUnsealedOne() throws IOException {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));

        assertThat(run("verify", ledger.toString())).as("intact, though unsealed").isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("  run=run-a intact but unsealed (the run did not finish, or its last segment is missing)");
        assertThat(run("verify", "--require-sealed", ledger.toString())).isEqualTo(LedgerReportMain.UNSEALED);

        sealBothRuns(ledger, null);
        out.reset();
        assertThat(run("verify", "--require-sealed", ledger.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 sealed")
                .contains("  run=run-a intact and sealed (completed): ")
                .as("each intact run's energy uncertainty under it")
                .containsPattern("run=run-a intact and sealed[^\n]*\n    energy uncertainty ±[0-9.]+% "
                        + "\\(energy-weighted over the entries, a bound\\)");
    }

    @Test
    void verifyWithAKeyChecksTheSealsHmac() throws IOException {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        sealBothRuns(ledger, "site secret".getBytes(StandardCharsets.UTF_8));
        Path key = Files.writeString(dir.resolve("site.key"), "site secret\n");
        Path otherKey = Files.writeString(dir.resolve("other.key"), "not the secret\n");

        assertThat(run("verify", "--key", key.toString(), ledger.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("intact and sealed (completed, signed)");
        assertThat(run("verify", "--key", otherKey.toString(), ledger.toString())).isEqualTo(1);
        assertThat(errors()).contains("HMAC does not match the key");
        err.reset();
        assertThat(run("verify", "--key", dir.resolve("missing.key").toString(), ledger.toString())).isEqualTo(2);
        assertThat(errors().lines()).hasSize(1).first().asString().startsWith("error: cannot read the seal key");
    }

    @Test
    void reportVerifiesFirstAndRefusesABrokenChainUnlessAllowed() throws IOException {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        Path segment = ledger.resolve("run=run-a/" + HandWrittenLedger.padded(0, 5));
        Files.writeString(segment, Files.readString(segment).replaceFirst("\"activeJoules\":[0-9.]+",
                "\"activeJoules\":0.5"));
        Path report = dir.resolve("report");

        assertThat(run("report", ledger.toString(), "--out", report.toString())).isEqualTo(1);
        assertThat(errors().lines()).hasSize(1).first().asString()
                .startsWith("error: the report refuses a broken ledger (--allow-broken writes it anyway): " + ledger)
                .contains("run=run-a");
        assertThat(report.resolve(LedgerReport.REPORT_HTML)).doesNotExist();

        assertThat(run("report", ledger.toString(), "--out", report.toString(), "--allow-broken")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("verified first: BROKEN, reported anyway");
        assertThat(Files.readString(report.resolve(LedgerReport.REPORT_HTML))).contains("ledger NOT intact");
    }

    /** Seals each run of {@code ledger} as its application would when it ends, signed when a key is given. */
    private static void sealBothRuns(Path ledger, byte[] key) throws IOException {
        org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(
                new org.apache.hadoop.conf.Configuration());
        for (String run : List.of("run-a", "run-b")) {
            try (io.greentrain.energy.ledger.LedgerWriter writer = io.greentrain.energy.ledger.LedgerWriter.open(fs,
                    new org.apache.hadoop.fs.Path(ledger.toUri()), run, java.time.Duration.ofMinutes(1))) {
                writer.seal("app-x", io.greentrain.energy.ledger.SealRecord.COMPLETED,
                        java.time.Instant.parse("2024-05-01T12:00:00Z"), key);
            }
        }
    }
}
