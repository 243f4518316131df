package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import io.greentrain.testsupport.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser sees it: headless Chromium loads {@code report.html} from disk with networking off, takes
 * a screenshot and dumps the DOM it built. The page has no script, so any console message is an error (a blocked
 * load, a parse problem). Without Chromium these tests are skipped, except under {@code CI=true}, where they fail:
 * CI installs Chromium ({@code .ci/run}), and a report nobody rendered is not tested.
 */
class ReportInChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern NUMBER = Pattern.compile("\\d[\\d,]*(?:\\.\\d+)?");

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(CHROMIUM + " is not installed, and CI=true: the browser tests must run in CI (.ci/run installs "
                        + "Debian's chromium)");
            }
            Assumptions.abort(CHROMIUM + " is not installed (Debian package chromium; .ci/run installs it)");
        }
        spark = LocalSpark.session("greentrain-ledger-report-tests");
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void rendersTheFourChartsAndComparesTwoRunsWithoutConsoleErrors(@TempDir Path dir) throws Exception {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        ReportResult result = LedgerReport.write(spark, List.of(ledger.toString()), dir.resolve("report").toString());

        String dom = render(Path.of(result.reportHtml()), dir);

        assertThat(dom).contains("id=\"chart-power\"", "id=\"chart-phase\"", "id=\"chart-executor\"",
                "id=\"chart-intensity\"");
        assertThat(dom).contains("&lt;script&gt;alert(\"x\")&lt;/script&gt;");
        assertThat(dom.toLowerCase()).doesNotContain("<script");
        assertThat(attributes(section(dom, "table", "summary"), "data-run"))
                .containsExactly("run-a", "run-b", "all runs");
        assertThat(dom).contains("id=\"estimate-banner\"");
        assertNoNumberHasMoreThanFourSignificantDigitsOrLeadingZeros(dom);
    }

    @Test
    void theFirstScreenAnswersWhatTheRunCostPerWhatAndHowSure(@TempDir Path dir) throws Exception {
        Path ledger = HandWrittenLedger.writeTrainingRun(dir.resolve("out"), 11, true);
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        ReportResult result = LedgerReport.write(spark, List.of(ledger.toString()), dir.resolve("report").toString());

        String dom = render(Path.of(result.reportHtml()), dir);
        String header = section(dom, "header", "answer");

        assertThat(header).contains("pipeline", "ames_housing.csv", "allreduce, 22,273 parameters, 11 epochs",
                "RMSE", "23,460", "R\u00b2", "0.8812");
        JsonNode carbon = summary.path("carbon");
        assertFigure(header, "figure-it-energy", carbon.path("kwh").asDouble(),
                EnergyUnits.energy(carbon.path("kwh").asDouble() * EnergyUnits.JOULES_PER_KWH));
        assertFigure(header, "figure-location", carbon.path("kgco2e").path("location").asDouble(),
                EnergyUnits.mass(carbon.path("kgco2e").path("location").asDouble() * EnergyUnits.GRAMS_PER_KG));
        assertFigure(header, "figure-market", carbon.path("kgco2e").path("market").asDouble(),
                EnergyUnits.mass(carbon.path("kgco2e").path("market").asDouble() * EnergyUnits.GRAMS_PER_KG));
        assertFigure(header, "figure-embodied", carbon.path("embodiedKg").asDouble(),
                EnergyUnits.mass(carbon.path("embodiedKg").asDouble() * EnergyUnits.GRAMS_PER_KG));
        assertThat(header).contains("id=\"figure-per-unit\"", "/example");
        assertThat(header).contains("id=\"verification\"", "intact", "23 lines", "12 energy entries",
                "11 work lines");
        assertThat(header).contains("id=\"estimate-banner\"", "100.0 % of the IT energy is estimated",
                "spark.greentrain.energy");

        List<String> phases = attributes(dom, "data-phase");
        List<String> naturally = new ArrayList<>(phases);
        naturally.sort(Phases.NATURAL_ORDER);
        assertThat(phases).isEqualTo(naturally).contains("train/epoch-2", "train/epoch-10");
        assertThat(phases.indexOf("train/epoch-2")).isLessThan(phases.indexOf("train/epoch-10"));
        assertThat(attributes(section(dom, "table", "phases"), "data-group")).containsExactly("clean", "train");
        assertThat(dom).contains("id=\"chart-accuracy\"", "epoch 11: R\u00b2 0.9167 after 66 Wh");
        assertNoNumberHasMoreThanFourSignificantDigitsOrLeadingZeros(dom);
    }

    @Test
    void showsNoEstimateBannerWhenEveryFigureIsMeasured(@TempDir Path dir) throws Exception {
        Path ledger = HandWrittenLedger.writeTrainingRun(dir.resolve("out"), 3, false);
        ReportResult result = LedgerReport.write(spark, List.of(ledger.toString()), dir.resolve("report").toString());

        String dom = render(Path.of(result.reportHtml()), dir);

        assertThat(dom).contains("id=\"answer\"").doesNotContain("estimate-banner");
    }

    private static void assertFigure(String header, String id, double exact, String shown) {
        Matcher figure = Pattern.compile("id=\"" + id + "\"[^>]*data-value=\"([^\"]+)\"[^>]*>([^<]*)<").matcher(header);
        assertThat(figure.find()).as("figure %s in %s", id, header).isTrue();
        assertThat(Double.parseDouble(figure.group(1))).as(id).isCloseTo(exact, within(Math.abs(exact) * 1e-12));
        assertThat(figure.group(2)).as(id).isEqualTo(shown);
    }

    /**
     * Every figure people read (table cells, the header's figures and the charts' axis labels) obeys
     * {@link EnergyUnits}' rule.
     */
    private static void assertNoNumberHasMoreThanFourSignificantDigitsOrLeadingZeros(String dom) {
        StringBuilder figuresRead = new StringBuilder();
        Matcher figureCell = Pattern.compile("class=\"(?:number|value)\"[^>]*>([^<]*)<").matcher(dom);
        while (figureCell.find()) {
            figuresRead.append("<td class=\"number\">").append(figureCell.group(1)).append("<");
        }
        Matcher tickLabels = Pattern.compile("<g class=\"tick-labels\"[^>]*>(.*?)</g>", Pattern.DOTALL).matcher(dom);
        int axisLabels = 0;
        while (tickLabels.find()) {
            Matcher label = Pattern.compile("<text[^>]*>([^<]*)</text>").matcher(tickLabels.group(1));
            while (label.find()) {
                // Clock times (10:00:20) are not figures; their parts have no leading-zero rule.
                if (!label.group(1).contains(":")) {
                    figuresRead.append("<td class=\"number\">").append(label.group(1)).append("<");
                    axisLabels++;
                }
            }
        }
        assertThat(axisLabels).as("axis labels checked").isGreaterThan(5);
        Matcher cell = Pattern.compile("class=\"(?:number|value)\"[^>]*>([^<]*)<").matcher(figuresRead);
        int figures = 0;
        while (cell.find()) {
            Matcher number = NUMBER.matcher(cell.group(1));
            while (number.find()) {
                String digits = number.group().replace(",", "").replace(".", "").replaceFirst("^0+", "")
                        .replaceFirst("0+$", "");
                assertThat(digits.length()).as("significant digits of '%s'", cell.group(1)).isLessThanOrEqualTo(4);
                assertThat(number.group()).as("figure '%s'", cell.group(1)).doesNotMatch("0\\.0+[1-9].*");
                figures++;
            }
        }
        assertThat(figures).as("figures checked").isGreaterThan(10);
    }

    /** The element {@code <tag ... id="id">...</tag>} of {@code dom}, for tags that do not nest. */
    private static String section(String dom, String tag, String id) {
        int start = dom.indexOf("<" + tag + " id=\"" + id + "\"");
        assertThat(start).as("<%s id=\"%s\">", tag, id).isNotNegative();
        int end = dom.indexOf("</" + tag + ">", start);
        return dom.substring(start, end);
    }

    private static List<String> attributes(String html, String name) {
        List<String> values = new ArrayList<>();
        Matcher matcher = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(html);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    /**
     * Loads {@code html} in headless Chromium, screenshots it to {@code dir/screenshot.png} and returns the DOM it
     * built; fails on a timeout, a non-zero exit or any console message.
     */
    private static String render(Path html, Path dir) throws IOException, InterruptedException {
        Path screenshot = dir.resolve("screenshot.png");
        run(dir, "--screenshot=" + screenshot, "--window-size=1280,1600", html.toUri().toString());
        assertThat(screenshot).isNotEmptyFile();
        return run(dir, "--dump-dom", html.toUri().toString());
    }

    private static String run(Path dir, String... arguments) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path log = Files.createTempFile(dir, "chromium", ".log");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(arguments));
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        boolean finished = chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            chromium.destroyForcibly().waitFor();
        }
        String stderr = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("chromium finished within %d s; its log:%n%s", TIMEOUT_SECONDS, stderr).isTrue();
        assertThat(chromium.exitValue()).as(stderr).isZero();
        assertThat(stderr.lines().filter(line -> line.contains("CONSOLE") || line.contains("Uncaught")))
                .as("console messages").isEmpty();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
