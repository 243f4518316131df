package io.greentrain.energy.report;

import static io.greentrain.energy.report.ReportText.escape;
import static io.greentrain.energy.report.ReportText.number;
import static io.greentrain.energy.report.ReportText.percent;
import static io.greentrain.energy.report.ReportText.utc;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.api.EnergyUnits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no script, no external
 * resource; a Content-Security-Policy forbids loading anything) that answers first what the runs
 * cost, per unit of work, and how sure the figures are ({@link AnswerHeader}); then the runs side by
 * side, the phases ({@link PhaseTable}), the sources of every factor and four charts. Figures are
 * in {@link EnergyUnits}' human units. All text from a ledger is escaped.
 */
final class HtmlReport {

    static final String CHART_POWER = "chart-power";
    static final String CHART_PHASE = "chart-phase";
    static final String CHART_EXECUTOR = "chart-executor";
    static final String CHART_INTENSITY = "chart-intensity";
    static final String CHART_ACCURACY = "chart-accuracy";
    static final String CHART_LEVERS = "chart-levers";

    /** The phase of training epoch N is this prefix and N, as greentrain's training names it. */
    private static final String EPOCH_PHASE_PREFIX = "train/epoch-";

    /** Nothing may be loaded; only the inline style applies. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    private static final String STYLESHEET = "/io/greentrain/energy/report/report.css";

    private HtmlReport() {
    }

    /**
     * The page for {@code runs} (by run id) read from {@code ledgerPaths}, with the figures per unit of work
     * {@code perUnit} (may be empty), {@code charts}, and what is known of each run ({@code descriptions}, by run id;
     * a run without one is shown with its figures alone). One run or several, the layout is the same: the answer
     * first, then the runs side by side, then the details.
     */
    static String render(List<String> ledgerPaths, Instant generatedAt, List<RunSummary> runs,
                         List<WorkIntensity> perUnit, ChartData charts, Map<String, RunDescription> descriptions) {
        return render(ledgerPaths, generatedAt, runs, perUnit, charts, descriptions, List.of());
    }

    /** {@link #render(List, Instant, List, List, ChartData, Map)} with a section of the runs' {@link SciScore}s. */
    static String render(List<String> ledgerPaths, Instant generatedAt, List<RunSummary> runs,
                         List<WorkIntensity> perUnit, ChartData charts, Map<String, RunDescription> descriptions,
                         List<SciScore> sci) {
        RunSummary total = RunSummary.combine(RunSummary.ALL_RUNS, runs);
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CONTENT_SECURITY_POLICY)
                .append("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>greentrain carbon report</title>\n<style>\n").append(stylesheet())
                .append("</style>\n</head>\n<body>\n");
        AnswerHeader.append(html, runs, total, perUnit, descriptions);
        html.append("<p class=\"meta\">").append(runs.size()).append(runs.size() == 1 ? " run" : " runs")
                .append(" from ").append(escape(String.join(", ", ledgerPaths))).append(" \u00b7 generated ")
                .append(escape(utc(generatedAt.toEpochMilli() / 1000.0))).append(" UTC</p>\n");

        html.append("<h2>").append(runs.size() == 1 ? "The run" : "Runs side by side").append("</h2>\n")
                .append("<div class=\"scroll\"><table id=\"summary\">\n<thead><tr>")
                .append("<th>Run</th><th>What ran</th><th>Windows (UTC)</th><th>Duration, s</th><th>IT energy</th>")
                .append("<th>Energy with PUE</th><th>CO2e location-based</th>")
                .append("<th>CO2e market-based</th><th>Embodied CO2e</th><th>Per unit of work (with PUE)</th>")
                .append("<th>Measured</th><th>Estimated</th>")
                .append("<th>PUE</th><th>Intensity, g/kWh</th><th>Market factor, g/kWh</th></tr></thead>\n<tbody>\n");
        for (RunSummary run : runs) {
            summaryRow(html, run, "", descriptions.getOrDefault(run.runId(), RunDescription.NONE),
                    AnswerHeader.headlineWork(perUnit, run.runId()));
        }
        if (runs.size() > 1) {
            summaryRow(html, total, " class=\"total\"", RunDescription.NONE, null);
        }
        html.append("</tbody></table></div>\n");

        PhaseTable.append(html, charts, total.itJoules());

        perUnitTable(html, perUnit);
        sciTable(html, sci);

        html.append("<h2>Sources</h2>\n<div class=\"scroll\"><table id=\"sources\">\n<thead><tr>")
                .append("<th>Run</th><th>Applications</th><th>Executors</th><th>Hosts</th><th>GPUs</th>")
                .append("<th>Energy entries</th><th>Grid zones</th><th>PUE</th><th>PUE source</th>")
                .append("<th>Intensity source</th><th>Market factor source</th><th>Embodied source</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (RunSummary run : runs) {
            html.append("<tr><td>").append(escape(run.runId())).append("</td>")
                    .append(applicationsCell(run, charts.idleApplications().getOrDefault(run.runId(), List.of())))
                    .append(numberCell(run.executors()))
                    .append(listCell(run.hosts())).append(listCell(run.gpus()))
                    .append(numberCell(run.entries())).append(listCell(run.zones()))
                    .append(listCell(run.pues().stream().map(ReportText::number).toList()))
                    .append(listCell(run.pueSources())).append(listCell(run.intensitySources()))
                    .append(listCell(run.marketSources())).append(listCell(run.embodiedSources())).append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");

        String powerTitle = "IT power per executor (W, energy over window length)";
        html.append("<h2>Power</h2>\n").append(SvgCharts.lineChart(CHART_POWER, powerTitle, "W", charts.timeAxis(),
                charts.power())).append('\n')
                .append("<p class=\"meta\">A gap in a line is time the executor was not metered (between two ")
                .append("applications of a run, or a skipped step); time no executor was metered for over a ")
                .append("minute is left out of the time axis and marked with its length. An application that did ")
                .append("no work (a re-run whose steps were all up to date: idle energy only) is labelled \u201c")
                .append(ChartData.IDLE_APPLICATION).append("\u201d.</p>\n");
        html.append("<h2>By phase</h2>\n").append(SvgCharts.barChart(CHART_PHASE,
                "Energy and CO2e by phase group" + (runs.size() > 1 ? " (all runs)" : ""), PhaseTable.groupNames(charts),
                PhaseTable.groupBars(charts))).append('\n');
        if (runs.size() == 1) {
            accuracyChart(html, charts, descriptions.getOrDefault(runs.get(0).runId(), RunDescription.NONE));
        }
        descriptions.values().stream().map(RunDescription::levers).filter(Objects::nonNull)
                .collect(Collectors.toMap(LeversComparison::path, levers -> levers, (a, b) -> a, LinkedHashMap::new))
                .values().forEach(levers -> leversSection(html, levers));
        html.append("<h2>By executor</h2>\n").append(SvgCharts.barChart(CHART_EXECUTOR,
                "Energy and CO2e by executor", charts.executors(), charts.executorBars())).append('\n');
        html.append("<h2>Grid carbon intensity</h2>\n").append(SvgCharts.lineChart(CHART_INTENSITY,
                "Grid carbon intensity per zone (gCO2e/kWh)", "gCO2e/kWh", charts.timeAxis(), charts.intensity()))
                .append('\n');
        intensityNote(html, total);

        html.append("<h2>How these numbers are made</h2>\n<ul class=\"notes\">\n")
                .append("<li>Figures are rounded to at most ").append(EnergyUnits.SIGNIFICANT_DIGITS)
                .append(" significant digits, in Wh or g with a metric prefix; the exact values are in ")
                .append("<code>emissions.csv</code>, the Parquet tables and <code>per_unit.json</code>.</li>\n")
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
                .append("<li>A ledger holds energy entries (one per device, window and phase: every figure here ")
                .append("adds them up) and work lines (units of work done, no energy); its hash chain covers both, ")
                .append("so <code>ledger verify</code> counts all lines.</li>\n")
                .append("<li>Per unit of work: the energy and CO2e of a phase group (all phases whose name starts ")
                .append("with it, <code>train/epoch-1</code>, <code>train/epoch-2</code>, ... for <code>train</code>), ")
                .append("or of the whole run including idle time, divided by the work the application recorded ")
                .append("there in the ledger (tokens, examples, ...).</li>\n")
                .append("<li>Power is a window's energy divided by its length; long runs are drawn with windows ")
                .append("pooled to at most ").append(ChartData.MAX_POINTS).append(" points per line.</li>\n")
                .append("</ul>\n</body>\n</html>\n");
        return html.toString();
    }

    /**
     * For a training run whose {@code summary.json} holds a validation metric per epoch: that metric against the
     * IT energy used up to the end of each epoch ({@code train/epoch-N} phases added up in epoch order).
     */
    private static void accuracyChart(StringBuilder html, ChartData charts, RunDescription description) {
        RunMetadata metadata = description.metadata();
        if (metadata == null || metadata.epochMetric() == null) {
            return;
        }
        Map<Integer, Double> epochKwh = new TreeMap<>();
        for (int i = 0; i < charts.phases().size(); i++) {
            String phase = charts.phases().get(i);
            if (phase.startsWith(EPOCH_PHASE_PREFIX)) {
                try {
                    int epoch = Integer.parseInt(phase.substring(EPOCH_PHASE_PREFIX.length()));
                    epochKwh.merge(epoch, charts.phaseBars().get(0).values()[i], Double::sum);
                } catch (NumberFormatException e) {
                    // Not an epoch of ours (a sub-phase such as train/epoch-3/warmup): not on this chart.
                }
            }
        }
        List<Integer> epochs = epochKwh.keySet().stream().filter(metadata.epochValues()::containsKey).toList();
        if (epochs.isEmpty()) {
            return;
        }
        double totalWh = epochKwh.values().stream().mapToDouble(Double::doubleValue).sum() * 1000;
        String unit = totalWh >= 1000 ? "kWh" : totalWh >= 1 ? "Wh" : totalWh >= 1e-3 ? "mWh" : "\u00b5Wh";
        double perWh = totalWh >= 1000 ? 1e-3 : totalWh >= 1 ? 1 : totalWh >= 1e-3 ? 1e3 : 1e6;
        double[] x = new double[epochs.size()];
        double[] y = new double[epochs.size()];
        List<String> labels = new ArrayList<>();
        double cumulativeKwh = 0;
        int k = 0;
        for (int epoch : epochKwh.keySet()) {
            cumulativeKwh += epochKwh.get(epoch);
            if (!metadata.epochValues().containsKey(epoch)) {
                continue;
            }
            x[k] = cumulativeKwh * 1000 * perWh;
            y[k] = metadata.epochValues().get(epoch);
            labels.add("epoch " + epoch + ": " + RunMetadata.metricLabel(metadata.epochMetric()) + " "
                    + ReportText.number(y[k]) + " after " + ChartData.energyOfKwh(cumulativeKwh));
            k++;
        }
        String metric = "validation " + RunMetadata.metricLabel(metadata.epochMetric());
        html.append("<h2>Energy against accuracy</h2>\n").append(SvgCharts.xyChart(CHART_ACCURACY,
                metric + " after each epoch against the IT energy of training so far",
                "cumulative IT energy of training, " + unit, metric, x, y, labels)).append('\n');
    }

    /**
     * A comparison of training settings ({@link LeversComparison}): energy against the validation metric, one point
     * per setting, the Pareto front filled and joined; then a table of every setting with its figures, the failed ones
     * with why, and the recommended setting named.
     */
    private static void leversSection(StringBuilder html, LeversComparison levers) {
        List<LeversComparison.Setting> plotted = levers.settings().stream().filter(LeversComparison.Setting::plotted)
                .toList();
        double largestWh = plotted.stream().mapToDouble(setting -> setting.joules() / 3600).max().orElse(0);
        String unit = largestWh >= 1000 ? "kWh" : largestWh >= 1 ? "Wh" : largestWh >= 1e-3 ? "mWh" : "\u00b5Wh";
        double perWh = largestWh >= 1000 ? 1e-3 : largestWh >= 1 ? 1 : largestWh >= 1e-3 ? 1e3 : 1e6;
        double[] x = plotted.stream().mapToDouble(setting -> setting.joules() / 3600 * perWh).toArray();
        double[] y = plotted.stream().mapToDouble(LeversComparison.Setting::value).toArray();
        boolean[] front = new boolean[plotted.size()];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < plotted.size(); i++) {
            front[i] = plotted.get(i).paretoFront();
            labels.add(plotted.get(i).name());
        }
        String metric = "validation " + RunMetadata.metricLabel(levers.metric());
        String estimated = levers.anyEstimated() ? " (energy estimated)" : "";
        html.append("<h2 id=\"levers\">Levers: energy against accuracy</h2>\n")
                .append(SvgCharts.scatterChart(CHART_LEVERS, metric + " against the IT energy of training, per setting"
                        + estimated + "; filled: the Pareto front", "IT energy of training, " + unit, metric, x, y,
                        labels, front)).append('\n');
        html.append("<p class=\"meta\">").append(escape(levers.path())).append(": ")
                .append(levers.settings().size()).append(" settings, ")
                .append(levers.higherIsBetter() ? "higher" : "lower").append(" ").append(escape(metric))
                .append(" is better. ");
        if (levers.target() != null) {
            html.append("Target <code>").append(escape(levers.target())).append("</code>: ")
                    .append(levers.recommended() != null ? "the cheapest setting that reaches it is <strong>"
                            + escape(levers.recommended()) + "</strong>." : "no setting reached it.");
        }
        html.append("</p>\n<div class=\"scroll\"><table id=\"levers-table\"><thead><tr><th>setting</th><th>")
                .append(escape(metric)).append("</th><th>IT energy</th><th>CO2e</th><th>time</th>")
                .append("<th>predictions per joule</th><th>Pareto front</th><th>note</th></tr></thead><tbody>\n");
        for (LeversComparison.Setting setting : levers.settings()) {
            String note = setting.failed() != null ? "failed: " + setting.failed()
                    : setting.name().equals(levers.recommended()) ? "recommended" : "";
            html.append("<tr><td>").append(escape(setting.name())).append("</td><td class=\"number\">")
                    .append(figure(setting.value(), ReportText::number)).append("</td><td class=\"number\">")
                    .append(figure(setting.joules(), EnergyUnits::energy)).append("</td><td class=\"number\">")
                    .append(figure(setting.grams(), EnergyUnits::mass)).append("</td><td class=\"number\">")
                    .append(figure(setting.seconds(), ReportText::duration)).append("</td><td class=\"number\">")
                    .append(figure(setting.predictionsPerJoule(), ReportText::number)).append("</td><td>")
                    .append(setting.paretoFront() ? "yes" : "").append("</td><td>").append(escape(note))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    /** {@code value} formatted for people, or a dash when it is not known. */
    private static String figure(double value, DoubleFunction<String> format) {
        return Double.isFinite(value) ? escape(format.apply(value)) : "\u2013";
    }

    /** Under the intensity chart: the zones and sources, and how to get a real zone and a time series. */
    private static void intensityNote(StringBuilder html, RunSummary total) {
        html.append("<p class=\"meta\" id=\"intensity-note\">Zone").append(total.zones().size() == 1 ? " " : "s ")
                .append(escape(total.zones().isEmpty() ? "unknown" : String.join(", ", total.zones())))
                .append("; source: ").append(escape(total.intensitySources().isEmpty() ? "unknown"
                        : String.join("; ", total.intensitySources())))
                .append(". A flat line is an annual average: set <code>").append(EnergyConf.CARBON_ZONE.key())
                .append("</code> to the grid zone the machines draw from (for example <code>DE</code>), and ")
                .append("<code>").append(EnergyConf.CARBON_INTENSITY_FILE.key())
                .append("</code> to an hourly intensity series (CSV as exported by Electricity Maps) for ")
                .append("figures that follow the grid through the day.</p>\n");
    }

    /** The SCI section: the formula, then per run and functional unit the score, its boundary and market figures. */
    private static void sciTable(StringBuilder html, List<SciScore> sci) {
        if (sci.isEmpty()) {
            return;
        }
        html.append("<h2>Software Carbon Intensity (SCI)</h2>\n<p class=\"meta\">").append(escape(SciScore.FORMULA))
                .append(". ISO/IEC 21031:2024: location-based intensity only; the market-based figure is shown ")
                .append("beside it for GHG Protocol Scope 2 dual reporting. FLOPs ")
                .append(escape(SciScore.FLOPS_FORMULA)).append(".</p>\n")
                .append("<div class=\"scroll\"><table id=\"sci\">\n<thead><tr><th>Run</th><th>Boundary</th>")
                .append("<th>Functional unit</th><th>Amount</th><th>SCI, CO2e per unit</th>")
                .append("<th>Energy with PUE per unit</th><th>Market-based CO2e per unit (not SCI)</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (SciScore score : sci) {
            if (score.units().isEmpty()) {
                html.append("<tr><td>").append(escape(score.runId())).append("</td>")
                        .append(textCell(String.join(", ", score.boundary())))
                        .append("<td colspan=\"5\">no functional unit recorded</td></tr>\n");
            }
            for (SciScore.PerUnit unit : score.units()) {
                html.append("<tr><td>").append(escape(score.runId())).append("</td>")
                        .append(textCell(String.join(", ", score.boundary())))
                        .append(textCell(SciScore.label(unit.unit()))).append(numberCell(unit.amount()))
                        .append(textCell(EnergyUnits.mass(unit.sciGrams())))
                        .append(textCell(EnergyUnits.energy(unit.kwhPerUnit() * EnergyUnits.JOULES_PER_KWH)))
                        .append(textCell(EnergyUnits.mass(unit.marketGramsPerUnit()))).append("</tr>\n");
            }
        }
        html.append("</tbody></table></div>\n");
        for (SciScore score : sci) {
            if (!Double.isNaN(score.energyUncertainty().relative())) {
                html.append("<p class=\"meta\">Run ").append(escape(score.runId())).append(": energy ")
                        .append(escape(score.energyUncertainty().describe()))
                        .append("; the operational part of each score carries it.</p>\n");
            }
        }
    }

    private static void perUnitTable(StringBuilder html, List<WorkIntensity> perUnit) {
        html.append("<h2>Per unit of work</h2>\n");
        if (perUnit.isEmpty()) {
            html.append("<p class=\"meta\">The ledger holds no work records, so there are no figures per token ")
                    .append("or example.</p>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"per-unit\">\n<thead><tr>")
                .append("<th>Run</th><th>Phases</th><th>Unit</th><th>Amount</th><th>IT energy per unit</th>")
                .append("<th>Energy with PUE per unit</th><th>CO2e location-based per unit</th>")
                .append("<th>CO2e location-based per million units</th></tr></thead>\n<tbody>\n");
        for (WorkIntensity row : perUnit) {
            html.append("<tr><td>").append(escape(row.runId())).append("</td><td>").append(escape(row.scope()))
                    .append("</td><td>").append(escape(row.unit())).append("</td>")
                    .append(numberCell(row.amount())).append(textCell(EnergyUnits.energy(row.itJoulesPerUnit())))
                    .append(textCell(EnergyUnits.energy(row.facilityJoulesPerUnit())))
                    .append(textCell(EnergyUnits.mass(row.gco2ePerUnit())))
                    .append(textCell(EnergyUnits.mass(row.gco2ePerMillionUnits()))).append("</tr>\n");
        }
        html.append("</tbody></table></div>\n");
    }

    private static void summaryRow(StringBuilder html, RunSummary run, String rowAttributes,
                                   RunDescription description, WorkIntensity work) {
        html.append("<tr").append(rowAttributes).append(" data-run=\"").append(escape(run.runId())).append("\"><td>")
                .append(escape(run.runId())).append("</td><td class=\"what-ran\">")
                .append(escape(AnswerHeader.whatRan(description)))
                .append("</td><td class=\"time\">").append(escape(utc(run.firstStartSeconds()))).append("<br>\u2013 ")
                .append(escape(utc(run.lastEndSeconds()))).append("</td>")
                .append(numberCell(run.durationSeconds())).append(textCell(EnergyUnits.energy(run.itJoules())))
                .append(textCell(EnergyUnits.energy(run.facilityJoules())))
                .append(textCell(EnergyUnits.mass(run.locationGrams())))
                .append(textCell(EnergyUnits.mass(run.marketGrams())))
                .append(textCell(EnergyUnits.mass(run.embodiedGrams())))
                .append(textCell(work == null ? "\u2013" : AnswerHeader.perUnit(work)))
                .append(textCell(percent(run.measuredShare())))
                .append(textCell(percent(run.itJoules() > 0 ? 1 - run.measuredShare() : 0)))
                .append(numberCell(run.meanPue())).append(numberCell(run.meanIntensity()))
                .append(numberCell(run.meanMarketFactor())).append("</tr>\n");
    }

    /** The run's applications, and those that did no work ({@link ChartData#idleApplications}) by id. */
    private static String applicationsCell(RunSummary run, List<String> idle) {
        if (idle.isEmpty()) {
            return numberCell(run.applications());
        }
        return "<td class=\"number\">" + escape(number(run.applications())) + "<br><span class=\"idle\">"
                + escape(idle.size() + " with " + ChartData.IDLE_APPLICATION + ": " + String.join(", ", idle))
                + "</span></td>";
    }

    static String numberCell(double value) {
        return textCell(number(value));
    }

    static String textCell(String text) {
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
