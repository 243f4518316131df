package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.testsupport.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser sees it: headless Chromium loads {@code report.html} from disk with
 * networking off, and must build all four charts without a single console message (the page has
 * no script, so any message is an error: a blocked load, a parse problem, an uncaught exception).
 */
class ReportInChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void rendersTheFourChartsWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                CHROMIUM + " is not installed (Debian package chromium; .ci/run installs it)");
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        SparkSession spark = LocalSpark.session("greentrain-ledger-report-tests");
        ReportResult result;
        try {
            result = LedgerReport.write(spark, List.of(ledger.toString()), dir.resolve("report").toString());
        } finally {
            spark.stop();
        }
        Path html = Path.of(result.reportHtml());
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");

        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--dump-dom", html.toUri().toString())
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        boolean finished = chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            chromium.destroyForcibly().waitFor();
        }
        String stderr = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("chromium finished within %d s; its log:%n%s", TIMEOUT_SECONDS, stderr).isTrue();
        assertThat(chromium.exitValue()).as(stderr).isZero();

        String renderedDom = Files.readString(dom, StandardCharsets.UTF_8);
        assertThat(renderedDom).contains("id=\"chart-power\"", "id=\"chart-phase\"", "id=\"chart-executor\"",
                "id=\"chart-intensity\"");
        assertThat(renderedDom).contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;");
        assertThat(renderedDom.toLowerCase()).doesNotContain("<script");
        assertThat(stderr.lines().filter(line -> line.contains("CONSOLE") || line.contains("Uncaught")))
                .as("console messages").isEmpty();
    }
}
