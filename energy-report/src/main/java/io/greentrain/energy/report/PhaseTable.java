package io.greentrain.energy.report;

import static io.greentrain.energy.report.HtmlReport.textCell;
import static io.greentrain.energy.report.ReportText.escape;
import static io.greentrain.energy.report.ReportText.percent;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's phases: one row per phase group ({@link Phases#group}: {@code train} for all its epochs) with a
 * sparkline of its phases' energy, and for a group of several phases a collapsible table of them, in
 * {@link Phases#NATURAL_ORDER} ({@code train/epoch-2} before {@code train/epoch-10}). Rows carry
 * {@code data-group} and {@code data-phase}. Groups come in {@link ChartData#phases}' order.
 */
final class PhaseTable {

    private static final int SPARK_WIDTH = 160;
    private static final int SPARK_HEIGHT = 24;

    private PhaseTable() {
    }

    /** A phase group and the indices of its phases in {@link ChartData#phases}. */
    private record Group(String name, List<Integer> phases) {

        /** The group's name, or its only phase's whole name when it has one (a group of one is that phase). */
        String label(ChartData charts) {
            return phases.size() == 1 ? charts.phases().get(phases.get(0)) : name;
        }
    }

    static void append(StringBuilder html, ChartData charts, double totalItJoules) {
        html.append("<h2>Phases</h2>\n");
        List<Group> groups = groups(charts);
        if (groups.isEmpty()) {
            html.append("<p class=\"meta\">No phases.</p>\n");
            return;
        }
        html.append("<div class=\"scroll\"><table id=\"phases\">\n<thead><tr><th>Phase group</th><th>Phases</th>")
                .append("<th>IT energy</th><th>Share</th><th>CO2e location-based</th><th>CO2e market-based</th>")
                .append("<th>Energy of each phase</th></tr></thead>\n<tbody>\n");
        for (Group group : groups) {
            double kwh = sum(charts, 0, group);
            html.append("<tr data-group=\"").append(escape(group.name())).append("\"><td>")
                    .append(escape(group.label(charts))).append("</td>")
                    .append(textCell(String.valueOf(group.phases().size())))
                    .append(textCell(ChartData.energyOfKwh(kwh)))
                    .append(textCell(percent(totalItJoules > 0 ? kwh * EnergyUnits.JOULES_PER_KWH / totalItJoules
                            : Double.NaN)))
                    .append(textCell(ChartData.massOfKg(sum(charts, 1, group))))
                    .append(textCell(ChartData.massOfKg(sum(charts, 2, group))))
                    .append("<td>").append(group.phases().size() > 1 ? sparkline(charts, group) : "").append("</td></tr>\n");
        }
        html.append("</tbody></table></div>\n");
        for (Group group : groups) {
            if (group.phases().size() < 2) {
                continue;
            }
            html.append("<details class=\"phases\"><summary>").append(escape(group.name())).append(": each of its ")
                    .append(group.phases().size()).append(" phases</summary>\n<div class=\"scroll\"><table>\n")
                    .append("<thead><tr><th>Phase</th><th>IT energy</th><th>CO2e location-based</th>")
                    .append("<th>CO2e market-based</th></tr></thead>\n<tbody>\n");
            for (int index : group.phases()) {
                String phase = charts.phases().get(index);
                html.append("<tr data-phase=\"").append(escape(phase)).append("\"><td>").append(escape(phase))
                        .append("</td>")
                        .append(textCell(ChartData.energyOfKwh(charts.phaseBars().get(0).values()[index])))
                        .append(textCell(ChartData.massOfKg(charts.phaseBars().get(1).values()[index])))
                        .append(textCell(ChartData.massOfKg(charts.phaseBars().get(2).values()[index])))
                        .append("</tr>\n");
            }
            html.append("</tbody></table></div></details>\n");
        }
    }

    /** The phase groups' labels, in order: the categories of the by-phase chart. */
    static List<String> groupNames(ChartData charts) {
        return groups(charts).stream().map(group -> group.label(charts)).toList();
    }

    /** {@link ChartData#phaseBars} added up per phase group. */
    static List<SvgCharts.Bars> groupBars(ChartData charts) {
        List<Group> groups = groups(charts);
        List<SvgCharts.Bars> bars = new ArrayList<>();
        for (int panel = 0; panel < charts.phaseBars().size(); panel++) {
            SvgCharts.Bars phases = charts.phaseBars().get(panel);
            double[] values = new double[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                values[g] = sum(charts, panel, groups.get(g));
            }
            bars.add(new SvgCharts.Bars(phases.heading(), values, phases.format()));
        }
        return bars;
    }

    private static List<Group> groups(ChartData charts) {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        for (int i = 0; i < charts.phases().size(); i++) {
            byGroup.computeIfAbsent(Phases.group(charts.phases().get(i)), group -> new ArrayList<>()).add(i);
        }
        List<Group> groups = new ArrayList<>();
        byGroup.forEach((name, phases) -> groups.add(new Group(name, phases)));
        return groups;
    }

    private static double sum(ChartData charts, int panel, Group group) {
        double[] values = charts.phaseBars().get(panel).values();
        return group.phases().stream().mapToDouble(i -> Double.isFinite(values[i]) ? values[i] : 0).sum();
    }

    /** The IT energy of each of {@code group}'s phases, in order, as a small line scaled to the largest. */
    private static String sparkline(ChartData charts, Group group) {
        double[] values = charts.phaseBars().get(0).values();
        double largest = group.phases().stream().mapToDouble(i -> values[i]).filter(Double::isFinite).max().orElse(0);
        StringBuilder points = new StringBuilder();
        int n = group.phases().size();
        for (int k = 0; k < n; k++) {
            double value = values[group.phases().get(k)];
            double x = n == 1 ? 0 : (double) k / (n - 1) * (SPARK_WIDTH - 2) + 1;
            double y = SPARK_HEIGHT - 2 - (largest > 0 && Double.isFinite(value) ? value / largest : 0)
                    * (SPARK_HEIGHT - 4);
            points.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        String first = charts.phases().get(group.phases().get(0));
        String last = charts.phases().get(group.phases().get(n - 1));
        return "<svg class=\"sparkline\" role=\"img\" width=\"" + SPARK_WIDTH + "\" height=\"" + SPARK_HEIGHT
                + "\" viewBox=\"0 0 " + SPARK_WIDTH + " " + SPARK_HEIGHT + "\"><title>"
                + escape("IT energy of each phase, " + first + " to " + last + "; largest "
                        + ChartData.energyOfKwh(largest))
                + "</title><polyline fill=\"none\" stroke=\"#4e79a7\" stroke-width=\"1.5\" points=\"" + points
                + "\"/></svg>";
    }
}
