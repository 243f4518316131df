package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The charts and text of the HTML report, without Spark. */
class SvgChartsTest {

    private static final String NASTY = "<script>alert('x')</script> & \"quoted\"\u0007";

    /** Parses {@code svg} as XML: fails on anything not well-formed, such as an unescaped name. */
    private static Element parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        return document.getDocumentElement();
    }

    private static SvgCharts.Series line(String name, double... xy) {
        double[] x = new double[xy.length / 2];
        double[] y = new double[xy.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new SvgCharts.Series(name, x, y);
    }

    @Test
    void lineChartIsWellFormedSvgWithIdTitleAndEscapedNames() throws Exception {
        String svg = SvgCharts.lineChart("chart-power", "Power <W>", "W", SvgCharts.TimeAxis.UTC,
                List.of(line(NASTY, 1.7e9, 100, 1.7e9 + 10, 120), line("executor 2", 1.7e9, 5, 1.7e9 + 10, 6)));

        Element root = parse(svg);
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getAttribute("id")).isEqualTo("chart-power");
        assertThat(root.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo("Power <W>");
        assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(root.getElementsByTagNameNS("*", "polyline").getLength()).isEqualTo(2);
    }

    @Test
    void barChartIsWellFormedSvgWithOneBarPerCategoryAndPanel() throws Exception {
        String svg = SvgCharts.barChart("chart-phase", "By phase", List.of(NASTY, "idle"), List.of(
                new SvgCharts.Bars("kWh", new double[] {0.003, 0.0005}),
                new SvgCharts.Bars("kg", new double[] {0.0018, Double.NaN})));

        Element root = parse(svg);
        assertThat(root.getAttribute("id")).isEqualTo("chart-phase");
        assertThat(root.getElementsByTagNameNS("*", "rect").getLength()).isEqualTo(4);
        assertThat(svg).doesNotContain("<script").contains("0.003", "0.0005", "\u2013");
    }

    @Test
    void barChartRejectsAPanelWithTheWrongNumberOfValues() {
        assertThatThrownBy(() -> SvgCharts.barChart("c", "t", List.of("a", "b"),
                List.of(new SvgCharts.Bars("kWh", new double[] {1}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kWh has 1 values for 2 categories");
    }

    @Test
    void chartsWithoutDataSaySoAndKeepTheirIdAndTitle() throws Exception {
        for (String svg : List.of(
                SvgCharts.lineChart("chart-intensity", "Intensity", "g/kWh", SvgCharts.TimeAxis.UTC, List.of()),
                SvgCharts.lineChart("chart-intensity", "Intensity", "g/kWh", SvgCharts.TimeAxis.UTC,
                        List.of(line("empty", 1, Double.NaN))),
                SvgCharts.barChart("chart-intensity", "Intensity", List.of(), List.of()))) {
            Element root = parse(svg);
            assertThat(root.getAttribute("id")).isEqualTo("chart-intensity");
            assertThat(svg).contains("<title id=\"chart-intensity-title\">Intensity</title>", "no data");
        }
    }

    @Test
    void aMissingValueBreaksTheLine() throws Exception {
        String svg = SvgCharts.lineChart("c", "t", "W", SvgCharts.TimeAxis.ELAPSED,
                List.of(line("gappy", 0, 1, 10, 1, 15, Double.NaN, 20, 2, 30, 2)));

        assertThat(parse(svg).getElementsByTagNameNS("*", "polyline").getLength()).isEqualTo(2);
    }

    @Test
    void aSinglePointIsDrawnAsADot() throws Exception {
        String svg = SvgCharts.lineChart("c", "t", "W", SvgCharts.TimeAxis.ELAPSED, List.of(line("one", 5, 3)));

        assertThat(parse(svg).getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(1);
    }

    @Test
    void utcAxisIsLabelledInClockTime() {
        double start = 1714557600; // 2024-05-01T10:00:00Z
        String svg = SvgCharts.lineChart("c", "t", "W", SvgCharts.TimeAxis.UTC,
                List.of(line("a", start, 1, start + 20, 2)));

        assertThat(svg).contains(">10:00:00<", ">10:00:10<", ">10:00:20<", "time (UTC) from 2024-05-01 10:00:00");
    }

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgCharts.niceStep(0.7)).isEqualTo(1);
        assertThat(SvgCharts.niceStep(1.3)).isEqualTo(2);
        assertThat(SvgCharts.niceStep(3)).isEqualTo(5);
        assertThat(SvgCharts.niceStep(120)).isEqualTo(200);
        assertThat(SvgCharts.niceStep(0.00042)).isCloseTo(0.0005, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(SvgCharts.niceStep(0)).isEqualTo(1);
    }

    @Test
    void numbersHaveAtMostFourSignificantDigitsAndNoExponent() {
        assertThat(ReportText.number(0.00525)).isEqualTo("0.00525");
        assertThat(ReportText.number(0.0000648)).isEqualTo("0.0000648");
        assertThat(ReportText.number(0.0021000000000000003)).isEqualTo("0.0021");
        assertThat(ReportText.number(612)).isEqualTo("612");
        assertThat(ReportText.number(12345.6)).isEqualTo("12,350");
        assertThat(ReportText.number(0)).isEqualTo("0");
        assertThat(ReportText.number(Double.NaN)).isEqualTo("\u2013");
        assertThat(ReportText.percent(0.8857)).isEqualTo("88.6 %");
    }

    @Test
    void axisLabelsHaveAtMostFourSignificantDigitsAndNoLeadingZeros() {
        String power = SvgCharts.lineChart("p", "power", "W", SvgCharts.TimeAxis.ELAPSED,
                List.of(line("e", 0, 0.0002, 12.5, 0.0008)));
        assertThat(tickLabels(power)).contains("0", "200", "400", "800", "10").allSatisfy(label ->
                assertThat(label).doesNotMatch("-?0\\.0+[1-9].*").doesNotMatch(".*[1-9][0-9]{4,}.*"));
        assertThat(power).contains(">\u00b5W</text>");

        String accuracy = SvgCharts.xyChart("a", "accuracy", "IT energy, mWh", "validation loss",
                new double[] {0.004, 0.008}, new double[] {0.0006, 0.0003}, List.of("epoch 1", "epoch 2"));
        assertThat(tickLabels(accuracy)).allSatisfy(label -> assertThat(label).doesNotMatch("-?0\\.0+[1-9].*"));
        assertThat(accuracy).contains("validation loss (\u00d7 10^-6)", "IT energy, mWh (\u00d7 10^-3)");

        String big = SvgCharts.xyChart("b", "rmse", "IT energy, Wh", "validation RMSE", new double[] {1, 2},
                new double[] {50123, 23456}, List.of("epoch 1", "epoch 2"));
        assertThat(tickLabels(big)).contains("60,000").allSatisfy(label ->
                assertThat(label.replace(",", "").replaceFirst("0+$", "").length()).isLessThanOrEqualTo(4));
    }

    @Test
    void timeNoLineCoversForMinutesIsCutOutOfTheAxisAndMarkedWithItsLength() {
        // An application of 10 s, and ten minutes later a re-run of 5 s: the ten minutes get a break, not the width.
        String chart = SvgCharts.lineChart("p", "power", "W", SvgCharts.TimeAxis.ELAPSED, List.of(
                line("app-1", 0, 10, 10, 10), line("app-2", 610, 4, 615, 4)));
        assertThat(chart).contains("class=\"axis-breaks\"", "\u2026 10 min \u2026",
                "10 min left out: nothing was metered");
        assertThat(tickLabels(chart)).contains("0", "10", "610").doesNotContain("300");

        String continuous = SvgCharts.lineChart("q", "power", "W", SvgCharts.TimeAxis.ELAPSED, List.of(
                line("app-1", 0, 10, 600, 10)));
        assertThat(continuous).doesNotContain("axis-breaks");
        assertThat(ReportText.duration(42)).isEqualTo("42 s");
        assertThat(ReportText.duration(597)).isEqualTo("9 min 57 s");
        assertThat(ReportText.duration(3 * 3600 + 300)).isEqualTo("3 h 5 min");
    }

    /** The texts of a chart's tick labels. */
    private static List<String> tickLabels(String svg) {
        List<String> labels = new java.util.ArrayList<>();
        java.util.regex.Matcher group = java.util.regex.Pattern.compile("<g class=\"tick-labels\"[^>]*>(.*?)</g>")
                .matcher(svg);
        while (group.find()) {
            java.util.regex.Matcher text = java.util.regex.Pattern.compile("<text[^>]*>([^<]*)</text>")
                    .matcher(group.group(1));
            while (text.find()) {
                labels.add(text.group(1));
            }
        }
        assertThat(labels).isNotEmpty();
        return labels;
    }

    @Test
    void escapesMarkupQuotesAndControlCharacters() {
        assertThat(ReportText.escape(NASTY))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;\uFFFD");
        assertThat(ReportText.escape(null)).isEmpty();
    }
}
