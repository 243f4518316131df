package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A comparison of training settings ({@code levers/summary.json}, as the levers job writes it) beside a run's ledger
 * appears on the report's page: a chart of energy against accuracy with the Pareto front filled, and a table of every
 * setting, failed ones with why, the recommended one named.
 */
class LeversSectionTest {

    private static final String LEVERS = """
            {"accuracyMetric": "r2", "target": "r2 >= 0.85", "recommended": "narrow-32",
             "settings": [
              {"name": "default", "validation": {"r2": 0.91, "rmse": 23000}, "seconds": 40.5, "joules": 900.0,
               "gco2e": 0.12, "energyEstimated": true, "paretoFront": true, "inference": {"predictionsPerJoule": 250.0}},
              {"name": "narrow-32", "validation": {"r2": 0.86}, "seconds": 20.0, "joules": 450.0, "gco2e": 0.06,
               "energyEstimated": true, "paretoFront": true},
              {"name": "adam-constant", "validation": {"r2": 0.84}, "seconds": 41.0, "joules": 950.0, "gco2e": 0.13,
               "energyEstimated": true, "paretoFront": false},
              {"name": "bfloat16", "failed": "DL4J refuses data type BFLOAT16 for a network", "validation": {},
               "seconds": 0.0, "joules": 0.0, "energyEstimated": true, "paretoFront": false}
             ]}
            """;

    @Test
    void readsEverySettingWithItsFiguresAndWhetherItFailed() throws IOException {
        LeversComparison levers = LeversComparison.of("levers/summary.json", new ObjectMapper().readTree(LEVERS));

        assertThat(levers.metric()).isEqualTo("r2");
        assertThat(levers.higherIsBetter()).isTrue();
        assertThat(levers.recommended()).isEqualTo("narrow-32");
        assertThat(levers.settings()).extracting(LeversComparison.Setting::name)
                .containsExactly("default", "narrow-32", "adam-constant", "bfloat16");
        assertThat(levers.settings()).extracting(LeversComparison.Setting::plotted)
                .containsExactly(true, true, true, false);
        assertThat(levers.settings().get(0).predictionsPerJoule()).isEqualTo(250.0);
        assertThat(levers.settings().get(1).predictionsPerJoule()).isNaN();
        assertThat(levers.settings().get(3).failed()).contains("BFLOAT16");
    }

    @Test
    void anErrorMetricIsBetterLower() throws IOException {
        LeversComparison levers = LeversComparison.of("x", new ObjectMapper().readTree("{\"accuracyMetric\": \"rmse\"}"));

        assertThat(levers.higherIsBetter()).isFalse();
        assertThat(levers.settings()).isEmpty();
    }

    @Test
    void thePageDrawsTheSettingsWithTheFrontFilledAndListsThemAll(@TempDir Path dir) throws IOException {
        Path ledger = HandWrittenLedger.writeTrainingRun(dir.resolve("run"), 3, true);
        Files.createDirectories(dir.resolve("run/levers"));
        Files.writeString(dir.resolve("run/levers/summary.json"), LEVERS);

        LedgerReport.writeLocal(List.of(ledger.toString()), dir.resolve("report").toString(), false,
                new Configuration(), Map.of());
        String page = Files.readString(dir.resolve("report/report.html"), StandardCharsets.UTF_8);

        String chart = page.substring(page.indexOf("id=\"" + HtmlReport.CHART_LEVERS + "\""));
        chart = chart.substring(0, chart.indexOf("</svg>"));
        assertThat(count(chart, "<g class=\"point marked\">")).as("points on the front").isEqualTo(2);
        assertThat(count(chart, "<g class=\"point\">")).as("points off the front").isEqualTo(1);
        assertThat(chart).contains("stroke-dasharray").doesNotContain("bfloat16");

        String table = page.substring(page.indexOf("id=\"levers-table\""), page.indexOf("</table>",
                page.indexOf("id=\"levers-table\"")));
        assertThat(count(table, "<tr><td>")).isEqualTo(4);
        assertThat(table).contains("recommended").contains("failed: DL4J refuses data type BFLOAT16")
                .contains("250");
        assertThat(page).contains("the cheapest setting that reaches it is <strong>narrow-32</strong>");
    }

    @Test
    void aRunWithoutAComparisonHasNoLeversSection(@TempDir Path dir) throws IOException {
        Path ledger = HandWrittenLedger.writeTrainingRun(dir.resolve("run"), 3, true);

        LedgerReport.writeLocal(List.of(ledger.toString()), dir.resolve("report").toString(), false,
                new Configuration(), Map.of());

        assertThat(Files.readString(dir.resolve("report/report.html"))).doesNotContain("id=\"levers\"");
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
