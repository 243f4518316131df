package io.greentrain.energy.report;

import static io.greentrain.energy.report.ReportText.escape;
import static io.greentrain.energy.report.ReportText.number;
import static io.greentrain.energy.report.ReportText.percent;
import static io.greentrain.energy.report.ReportText.utc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external
 * resource; a Content-Security-Policy forbids loading anything) with a summary table, the sources
 * of every factor and four charts. All text from a ledger is escaped.
 */
final class HtmlReport {

    static final String CHART_POWER = "chart-power";
    static final String CHART_PHASE = "chart-phase";
    static final String CHART_EXECUTOR = "chart-executor";
    static final String CHART_INTENSITY = "chart-intensity";

    /** Nothing may be loaded; only the inline style applies. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private static final String STYLESHEET = "/io/greentrain/energy/report/report.css";

    private HtmlReport() {
    }

    /**
     * The page for {@code runs} (by run id) read from {@code ledgerPaths}, with the figures per unit
     * of work {@code perUnit} (may be empty) and {@code charts}.
     */
    static String render(List<String> ledgerPaths, Instant generatedAt, List<RunSummary> runs,
                         List<WorkIntensity> perUnit, ChartData charts) {
        RunSummary total = RunSummary.combine("all runs", runs);
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>greentrain carbon report</title>\n<style>\n").append(stylesheet())
                .append("</style>\n</head>\n<body>\n<h1>Carbon report</h1>\n<p class=\"meta\">")
                .append(runs.size()).append(runs.size() == 1 ? " run" : " runs").append(" from ")
                .append(escape(String.join(", ", ledgerPaths))).append(" \u00b7 generated ")
                .append(escape(utc(generatedAt.toEpochMilli() / 1000.0))).append(" UTC</p>\n");

        html.append("<h2>Summary</h2>\n<div class=\"scroll\"><table id=\"summary\">\n<thead><tr>")
                .append("<th>Run</th><th>Windows (UTC)</th><th>Duration, s</th><th>IT energy, kWh</th>")
                .append("<th>Energy with PUE, kWh</th><th>CO2e location-based, kg</th>")
                .append("<th>CO2e market-based, kg</th><th>Embodied CO2e, kg</th><th>Measured</th><th>Estimated</th>")
                .append("<th>PUE</th><th>Intensity, g/kWh</th><th>Market factor, g/kWh</th></tr></thead>\n<tbody>\n");
        for (RunSummary run : runs) {
            summaryRow(html, run, "");
        }
        if (runs.size() > 1) {
            summaryRow(html, total, " class=\"total\"");
        }
        html.append("</tbody></table></div>\n");

        perUnitTable(html, perUnit);

        html.append("<h2>Sources</h2>\n<div class=\"scroll\"><table id=\"sources\">\n<thead><tr>")
                .append("<th>Run</th><th>Applications</th><th>Executors</th><th>Hosts</th><th>GPUs</th>")
                .append("<th>Entries</th><th>Grid zones</th><th>PUE</th><th>PUE source</th>")
                .append("<th>Intensity source</th><th>Market factor source</th><th>Embodied source</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (RunSummary run : runs) {
            html.append("<tr><td>").append(escape(run.runId())).append("</td>")
                    .append(numberCell(run.applications())).append(numberCell(run.executors()))
                    .append(listCell(run.hosts())).append(listCell(run.gpus()))
                    .append(numberCell(run.entries())).append(listCell(run.zones()))
                    .append(listCell(run.pues().stream().map(ReportText::number).toList()))
                    .append(listCell(run.pueSources())).append(listCell(run.intensitySources()))
                    .append(listCell(run.marketSources())).append(listCell(run.embodiedSources())).append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");

        String powerTitle = "IT power per executor (W, energy over window length)";
        html.append("<h2>Power</h2>\n").append(SvgCharts.lineChart(CHART_POWER, powerTitle, "W", charts.timeAxis(),
                charts.power())).append('\n');
        html.append("<h2>By phase</h2>\n").append(SvgCharts.barChart(CHART_PHASE,
                "Energy and CO2e by phase" + (runs.size() > 1 ? " (all runs)" : ""), charts.phases(),
                charts.phaseBars())).append('\n');
        html.append("<h2>By executor</h2>\n").append(SvgCharts.barChart(CHART_EXECUTOR,
                "Energy and CO2e by executor", charts.executors(), charts.executorBars())).append('\n');
        html.append("<h2>Grid carbon intensity</h2>\n").append(SvgCharts.lineChart(CHART_INTENSITY,
                "Grid carbon intensity per zone (gCO2e/kWh)", "gCO2e/kWh", charts.timeAxis(), charts.intensity()))
                .append('\n');

        html.append("<h2>How these numbers are made</h2>\n<ul class=\"notes\">\n")
                .append("<li>IT energy is what the devices drew (RAPL package and DRAM counters, NVML for GPUs, ")
                .append("or an estimate from CPU time and memory where no counter exists). Host counters are ")
                .append("shared out to the executors on the host; hosts are assumed to run this application only.</li>\n")
                .append("<li>Energy with PUE is IT energy times the power usage effectiveness of the data centre; ")
                .append("CO2e is energy with PUE times the grid's intensity (location-based) or the contractual ")
                .append("emission factor (market-based).</li>\n")
                .append("<li>Embodied CO2e is the hardware's manufacturing emissions amortised over the windows ")
                .append("(SCI); it is not part of the operational figures.</li>\n")
                .append("<li>Measured: energy from counters or integrated power readings; estimated: energy from ")
                .append("a model.</li>\n")
                .append("<li>Per unit of work: the energy and CO2e of a phase group (all phases whose name starts ")
                .append("with it, <code>train/epoch-1</code>, <code>train/epoch-2</code>, ... for <code>train</code>), ")
                .append("or of the whole run including idle time, divided by the work the application recorded ")
                .append("there in the ledger (tokens, examples, ...).</li>\n")
                .append("<li>Power is a window's energy divided by its length; long runs are drawn with windows ")
                .append("pooled to at most ").append(ChartData.MAX_POINTS).append(" points per line.</li>\n")
                .append("</ul>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void perUnitTable(StringBuilder html, List<WorkIntensity> perUnit) {
        html.append("<h2>Per unit of work</h2>\n");
        if (perUnit.isEmpty()) {
            html.append("<p class=\"meta\">The ledger holds no work records, so there are no figures per token ")
                    .append("or example.</p>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"per-unit\">\n<thead><tr>")
                .append("<th>Run</th><th>Phases</th><th>Unit</th><th>Amount</th><th>IT energy, J/unit</th>")
                .append("<th>Energy with PUE, kWh/unit</th><th>CO2e location-based, g/unit</th>")
                .append("<th>CO2e location-based, g per million units</th></tr></thead>\n<tbody>\n");
        for (WorkIntensity row : perUnit) {
            html.append("<tr><td>").append(escape(row.runId())).append("</td><td>").append(escape(row.scope()))
                    .append("</td><td>").append(escape(row.unit())).append("</td>")
                    .append(numberCell(row.amount())).append(numberCell(row.itJoulesPerUnit()))
                    .append(numberCell(row.facilityKwhPerUnit())).append(numberCell(row.gco2ePerUnit()))
                    .append(numberCell(row.gco2ePerMillionUnits())).append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    private static void summaryRow(StringBuilder html, RunSummary run, String rowAttributes) {
        html.append("<tr").append(rowAttributes).append("><td>").append(escape(run.runId()))
                .append("</td><td class=\"time\">").append(escape(utc(run.firstStartSeconds()))).append("<br>\u2013 ")
                .append(escape(utc(run.lastEndSeconds()))).append("</td>")
                .append(numberCell(run.durationSeconds())).append(numberCell(run.itKwh()))
                .append(numberCell(run.facilityKwh())).append(numberCell(run.locationKg()))
                .append(numberCell(run.marketKg())).append(numberCell(run.embodiedKg()))
                .append(textCell(percent(run.measuredShare())))
                .append(textCell(percent(run.itJoules() > 0 ? 1 - run.measuredShare() : 0)))
                .append(numberCell(run.meanPue())).append(numberCell(run.meanIntensity()))
                .append(numberCell(run.meanMarketFactor())).append("</tr>\n");
    }

    private static String numberCell(double value) {
        return textCell(number(value));
    }

    private static String textCell(String text) {
        return "<td class=\"number\">" + escape(text) + "</td>";
    }

    private static String listCell(List<String> values) {
        if (values.isEmpty()) {
            return "<td>\u2013</td>";
        }
        if (values.size() == 1) {
            return "<td>" + escape(values.get(0)) + "</td>";
        }
        StringBuilder cell = new StringBuilder("<td><ul class=\"sources\">");
        values.forEach(value -> cell.append("<li>").append(escape(value)).append("</li>"));
        return cell.append("</ul></td>").toString();
    }

    private static String stylesheet() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(STYLESHEET)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + STYLESHEET);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STYLESHEET, e);
        }
    }
}
