package io.greentrain.energy.report;

import static io.greentrain.energy.report.ReportText.escape;
import static io.greentrain.energy.report.ReportText.number;
import static io.greentrain.energy.report.ReportText.shorten;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Line and bar charts as inline SVG: no script, no external resource, every string from the data
 * escaped. Each chart is one {@code <svg>} element with the given id and a {@code <title>}, so a
 * page, a test or a screen reader can find it.
 */
final class SvgCharts {

    /** What a line chart's x values are. */
    enum TimeAxis {
        /** Epoch seconds, labelled as UTC clock time. */
        UTC,
        /** Seconds since the start of each series' run. */
        ELAPSED
    }

    /**
     * One line: points {@code (x[i], y[i])} in the order given (x ascending); a point whose y is not
     * a number breaks the line.
     */
    record Series(String name, double[] x, double[] y, boolean dashed) {

        Series(String name, double[] x, double[] y) {
            this(name, x, y, false);
        }

        Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series " + name + " has " + x.length + " x values and "
                        + y.length + " y values");
            }
        }
    }

    /**
     * One panel of a bar chart: a value per category, under a heading, each value labelled by {@code format} (which
     * names the unit where the heading does not).
     */
    record Bars(String heading, double[] values, DoubleFunction<String> format) {

        /** Values labelled as plain numbers ({@link ReportText#number}); the heading names the unit. */
        Bars(String heading, double[] values) {
            this(heading, values, ReportText::number);
        }
    }

    /** Tableau 10: distinct for most colour-blind readers; beyond ten lines the colours repeat dashed. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
    private static final String FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"12\"";

    private static final int LINE_WIDTH = 960;
    private static final int LINE_LEFT = 80;
    private static final int LINE_RIGHT = LINE_WIDTH - 24;
    private static final int LINE_TOP = 48;
    private static final int LINE_BOTTOM = 308;
    private static final int LEGEND_COLUMNS = 3;
    private static final int LEGEND_ROW = 18;
    private static final int LEGEND_LABEL_CHARS = 42;

    private static final int BAR_LABEL_WIDTH = 240;
    private static final int BAR_PANEL_WIDTH = 250;
    private static final int BAR_VALUE_ROOM = 64;
    private static final int BAR_GAP = 28;
    private static final int BAR_ROW = 22;
    private static final int BAR_HEIGHT = 14;
    private static final int BAR_TOP = 64;
    private static final int BAR_LABEL_CHARS = 34;

    private static final long[] TIME_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
        21600, 43200, 86400, 172800, 604800, 1209600, 2592000};
    private static final int MAX_X_TICKS = 8;
    private static final int Y_TICKS = 5;

    private SvgCharts() {
    }

    /**
     * A line chart of {@code series} on one x axis ({@code axis}) and a y axis from zero (or the
     * lowest value, if negative). Lines are drawn in the order given; the legend lists them below.
     */
    static String lineChart(String id, String title, String yLabel, TimeAxis axis, List<Series> series) {
        double[] xRange = range(series, Series::x);
        double[] yRange = range(series, Series::y);
        if (xRange == null) {
            return empty(id, title);
        }
        double xMin = xRange[0];
        double xMax = xRange[1] > xRange[0] ? xRange[1] : xRange[0] + 1;
        double yStep = niceStep((Math.max(yRange[1], 0) - Math.min(yRange[0], 0)) / Y_TICKS);
        double yMin = Math.floor(Math.min(yRange[0], 0) / yStep) * yStep;
        double yMax = Math.max(Math.ceil(yRange[1] / yStep) * yStep, yMin + yStep);

        int legendRows = (series.size() + LEGEND_COLUMNS - 1) / LEGEND_COLUMNS;
        int legendTop = LINE_BOTTOM + 58;
        int height = legendTop + legendRows * LEGEND_ROW + 8;
        StringBuilder svg = open(id, title, LINE_WIDTH, height);

        TimeScale x = TimeScale.of(series, xMin, xMax, LINE_LEFT, LINE_RIGHT);
        Scale y = new Scale(yMin, yMax, LINE_BOTTOM, LINE_TOP);
        svg.append("<g class=\"axis\" stroke=\"#ccc\" stroke-width=\"1\">");
        for (double tick = yMin; tick <= yMax + yStep / 2; tick += yStep) {
            svg.append(line(LINE_LEFT, y.at(tick), LINE_RIGHT, y.at(tick)));
        }
        List<double[]> xTicks = new ArrayList<>();
        for (double[] kept : x.kept()) {
            xTicks.addAll(xTicks(axis, kept[0], kept[1], x.keptSeconds()));
        }
        for (double[] tick : xTicks) {
            svg.append(line(x.at(tick[0]), LINE_BOTTOM, x.at(tick[0]), LINE_BOTTOM + 5));
        }
        svg.append("</g><g class=\"tick-labels\" fill=\"#444\">");
        AxisScale yScale = AxisScale.of(Math.max(Math.abs(yMin), Math.abs(yMax)));
        for (double tick = yMin; tick <= yMax + yStep / 2; tick += yStep) {
            svg.append(text(LINE_LEFT - 6, y.at(tick) + 4, "end", yScale.label(tick)));
        }
        for (double[] tick : xTicks) {
            svg.append(text(x.at(tick[0]), LINE_BOTTOM + 20, "middle", xLabel(axis, tick[0], tick[1], xMax - xMin)));
        }
        svg.append("</g>");
        breaks(svg, x);
        String xTitle = axis == TimeAxis.UTC
                ? "time (UTC) from " + ReportText.utc(xMin)
                : "seconds since the run's first window";
        svg.append(text((LINE_LEFT + LINE_RIGHT) / 2.0, LINE_BOTTOM + 40, "middle", xTitle));
        svg.append("<text x=\"16\" y=\"").append(fmt((LINE_TOP + LINE_BOTTOM) / 2.0))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
                .append(fmt((LINE_TOP + LINE_BOTTOM) / 2.0)).append(")\">").append(escape(yScale.unit(yLabel)))
                .append("</text>");

        svg.append("<g class=\"lines\" fill=\"none\" stroke-width=\"1.8\" stroke-linejoin=\"round\">");
        for (int i = 0; i < series.size(); i++) {
            svg.append(polyline(series.get(i), i, x, y));
        }
        svg.append("</g><g class=\"legend\">");
        int columnWidth = (LINE_RIGHT - LINE_LEFT) / LEGEND_COLUMNS;
        for (int i = 0; i < series.size(); i++) {
            double left = LINE_LEFT + (i % LEGEND_COLUMNS) * columnWidth;
            double top = legendTop + (i / LEGEND_COLUMNS) * LEGEND_ROW;
            String name = series.get(i).name();
            svg.append("<g><title>").append(escape(name)).append("</title>")
                    .append("<line x1=\"").append(fmt(left)).append("\" y1=\"").append(fmt(top - 4))
                    .append("\" x2=\"").append(fmt(left + 22)).append("\" y2=\"").append(fmt(top - 4))
                    .append("\" stroke-width=\"3\"").append(stroke(i, series.get(i).dashed())).append("/>")
                    .append(text(left + 28, top, "start", shorten(name, LEGEND_LABEL_CHARS))).append("</g>");
        }
        svg.append("</g></svg>");
        return svg.toString();
    }

    /**
     * A line through the points ({@code x[i]}, {@code y[i]}), in order, with a dot and a tooltip
     * ({@code labels[i]}) at each, on plain numeric axes from the lowest to the highest value (the
     * y axis from zero when all values are positive): for example a validation metric against
     * cumulative energy, one point per epoch.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    static String xyChart(String id, String title, String xLabel, String yLabel, double[] x, double[] y,
                          List<String> labels) {
        if (x.length != y.length || x.length != labels.size()) {
            throw new IllegalArgumentException("xy chart " + id + " has " + x.length + " x, " + y.length + " y and "
                    + labels.size() + " labels");
        }
        if (x.length == 0) {
            return empty(id, title);
        }
        StringBuilder svg = open(id, title, LINE_WIDTH, LINE_BOTTOM + 52);
        Scale[] scales = numericAxes(svg, x, y, xLabel, yLabel);
        Scale xs = scales[0];
        Scale ys = scales[1];
        StringBuilder points = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                continue;
            }
            points.append(points.length() == 0 ? "" : " ").append(fmt(xs.at(x[i]))).append(',').append(fmt(ys.at(y[i])));
            dots.append("<circle cx=\"").append(fmt(xs.at(x[i]))).append("\" cy=\"").append(fmt(ys.at(y[i])))
                    .append("\" r=\"2.5\"><title>").append(escape(labels.get(i))).append("</title></circle>");
        }
        svg.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(PALETTE[0])
                .append("\" points=\"").append(points).append("\"/><g fill=\"").append(PALETTE[0]).append("\">")
                .append(dots).append("</g></svg>");
        return svg.toString();
    }

    /**
     * One labelled point per item ({@code x[i]}, {@code y[i]}, named {@code labels[i]}) on plain numeric axes, as
     * {@link #xyChart} draws them but without a line between the points: the {@code marked} points are drawn filled
     * and joined by a dashed line in order of x (for example the Pareto front of energy against accuracy), the others
     * hollow. Points with a value that is not finite are left out.
     *
     * @throws IllegalArgumentException when the arrays differ in length
     */
    static String scatterChart(String id, String title, String xLabel, String yLabel, double[] x, double[] y,
                               List<String> labels, boolean[] marked) {
        if (x.length != y.length || x.length != labels.size() || x.length != marked.length) {
            throw new IllegalArgumentException("scatter chart " + id + " has " + x.length + " x, " + y.length + " y, "
                    + labels.size() + " labels and " + marked.length + " marks");
        }
        boolean anyFinite = false;
        for (int i = 0; i < x.length; i++) {
            anyFinite |= Double.isFinite(x[i]) && Double.isFinite(y[i]);
        }
        if (!anyFinite) {
            return empty(id, title);
        }
        StringBuilder svg = open(id, title, LINE_WIDTH, LINE_BOTTOM + 52);
        Scale[] scales = numericAxes(svg, x, y, xLabel, yLabel);
        Scale xs = scales[0];
        Scale ys = scales[1];
        List<double[]> front = new ArrayList<>();
        StringBuilder dots = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                continue;
            }
            double cx = xs.at(x[i]);
            double cy = ys.at(y[i]);
            if (marked[i]) {
                front.add(new double[] {cx, cy});
            }
            dots.append("<g class=\"point").append(marked[i] ? " marked" : "").append("\"><circle cx=\"")
                    .append(fmt(cx)).append("\" cy=\"").append(fmt(cy)).append("\" r=\"").append(marked[i] ? "5" : "4")
                    .append("\" fill=\"").append(marked[i] ? PALETTE[1] : "#fff").append("\" stroke=\"")
                    .append(marked[i] ? PALETTE[1] : "#777").append("\" stroke-width=\"1.5\"><title>")
                    .append(escape(labels.get(i))).append("</title></circle>")
                    .append(text(cx + 8, cy - 6, "start", shorten(labels.get(i), BAR_LABEL_CHARS))).append("</g>");
        }
        front.sort(Comparator.comparingDouble(point -> point[0]));
        if (front.size() > 1) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\" stroke=\"")
                    .append(PALETTE[1]).append("\" points=\"");
            for (int i = 0; i < front.size(); i++) {
                svg.append(i == 0 ? "" : " ").append(fmt(front.get(i)[0])).append(',').append(fmt(front.get(i)[1]));
            }
            svg.append("\"/>");
        }
        svg.append("<g class=\"points\" fill=\"#444\">").append(dots).append("</g></svg>");
        return svg.toString();
    }

    /**
     * A horizontal bar chart: one row per category, one panel per {@link Bars}, each panel scaled to
     * its own largest value (panels may have different units). Values below zero are drawn as zero.
     */
    static String barChart(String id, String title, List<String> categories, List<Bars> panels) {
        for (Bars panel : panels) {
            if (panel.values().length != categories.size()) {
                throw new IllegalArgumentException("panel " + panel.heading() + " has " + panel.values().length
                        + " values for " + categories.size() + " categories");
            }
        }
        if (categories.isEmpty() || panels.isEmpty()) {
            return empty(id, title);
        }
        int width = 16 + BAR_LABEL_WIDTH + panels.size() * (BAR_PANEL_WIDTH + BAR_GAP);
        int height = BAR_TOP + categories.size() * BAR_ROW + 12;
        StringBuilder svg = open(id, title, width, height);
        svg.append("<g class=\"categories\" fill=\"#222\">");
        for (int row = 0; row < categories.size(); row++) {
            String name = categories.get(row);
            svg.append("<g><title>").append(escape(name)).append("</title>")
                    .append(text(16 + BAR_LABEL_WIDTH - 8, BAR_TOP + row * BAR_ROW + BAR_HEIGHT - 2, "end",
                            shorten(name, BAR_LABEL_CHARS)))
                    .append("</g>");
        }
        svg.append("</g>");
        for (int p = 0; p < panels.size(); p++) {
            Bars panel = panels.get(p);
            double left = 16 + BAR_LABEL_WIDTH + p * (BAR_PANEL_WIDTH + BAR_GAP);
            double largest = Arrays.stream(panel.values()).filter(Double::isFinite).max().orElse(0);
            double scale = largest > 0 ? (BAR_PANEL_WIDTH - BAR_VALUE_ROOM) / largest : 0;
            svg.append("<g class=\"panel\">")
                    .append("<text x=\"").append(fmt(left)).append("\" y=\"").append(BAR_TOP - 12)
                    .append("\" font-weight=\"600\">").append(escape(panel.heading())).append("</text>")
                    .append(line(left, BAR_TOP - 4, left, BAR_TOP + categories.size() * BAR_ROW - 4)
                            .replace("/>", " stroke=\"#999\"/>"));
            for (int row = 0; row < categories.size(); row++) {
                double value = panel.values()[row];
                double length = Double.isFinite(value) ? Math.max(value, 0) * scale : 0;
                double top = BAR_TOP + row * BAR_ROW;
                svg.append("<rect x=\"").append(fmt(left)).append("\" y=\"").append(fmt(top))
                        .append("\" width=\"").append(fmt(length)).append("\" height=\"").append(BAR_HEIGHT)
                        .append("\" fill=\"").append(PALETTE[p % PALETTE.length]).append("\"><title>")
                        .append(escape(categories.get(row) + ": " + panel.format().apply(value) + " " + panel.heading()))
                        .append("</title></rect>")
                        .append(text(left + length + 4, top + BAR_HEIGHT - 2, "start", panel.format().apply(value)));
            }
            svg.append("</g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static StringBuilder open(String id, String title, int width, int height) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(escape(id))
                .append("\" class=\"chart\" role=\"img\" aria-labelledby=\"").append(escape(id)).append("-title\"")
                .append(" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" ").append(FONT)
                .append(">")
                .append("<title id=\"").append(escape(id)).append("-title\">").append(escape(title)).append("</title>")
                .append("<text x=\"16\" y=\"24\" font-size=\"15\" font-weight=\"600\">").append(escape(title))
                .append("</text>");
        return svg;
    }

    private static String empty(String id, String title) {
        return open(id, title, LINE_WIDTH, 72) + text(16, 52, "start", "no data") + "</svg>";
    }

    /** Lowest and highest of {@code values} over the points of {@code series} that are drawn, or null when none is. */
    private static double[] range(List<Series> series, Function<Series, double[]> values) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Series line : series) {
            for (int i = 0; i < line.x().length; i++) {
                if (Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i])) {
                    low = Math.min(low, values.apply(line)[i]);
                    high = Math.max(high, values.apply(line)[i]);
                }
            }
        }
        return low <= high ? new double[] {low, high} : null;
    }

    private static String polyline(Series series, int index, XScale x, Scale y) {
        StringBuilder out = new StringBuilder();
        List<double[]> run = new ArrayList<>();
        for (int i = 0; i < series.x().length; i++) {
            if (Double.isFinite(series.x()[i]) && Double.isFinite(series.y()[i])) {
                run.add(new double[] {x.at(series.x()[i]), y.at(series.y()[i])});
            } else {
                out.append(segment(run, index, series.dashed()));
                run.clear();
            }
        }
        out.append(segment(run, index, series.dashed()));
        return out.isEmpty() ? "" : "<g><title>" + escape(series.name()) + "</title>" + out + "</g>";
    }

    private static String segment(List<double[]> points, int index, boolean dashed) {
        if (points.isEmpty()) {
            return "";
        }
        if (points.size() == 1) {
            double[] point = points.get(0);
            return "<circle cx=\"" + fmt(point[0]) + "\" cy=\"" + fmt(point[1]) + "\" r=\"2.5\" fill=\""
                    + PALETTE[index % PALETTE.length] + "\"/>";
        }
        StringBuilder out = new StringBuilder("<polyline points=\"");
        for (double[] point : points) {
            out.append(fmt(point[0])).append(',').append(fmt(point[1])).append(' ');
        }
        out.setLength(out.length() - 1);
        return out.append('"').append(stroke(index, dashed)).append("/>").toString();
    }

    /** The line's colour; dashed when asked or when the palette has run out. */
    private static String stroke(int index, boolean dashed) {
        String dash = dashed || index >= PALETTE.length ? " stroke-dasharray=\"6 3\"" : "";
        return " stroke=\"" + PALETTE[index % PALETTE.length] + "\"" + dash;
    }

    /**
     * Tick positions from {@code min} to {@code max} and the step between them, as {@code {value, step}}; the step
     * suits an axis showing {@code shownSpan} of time in all.
     */
    private static List<double[]> xTicks(TimeAxis axis, double min, double max, double shownSpan) {
        double span = shownSpan;
        double step;
        if (axis == TimeAxis.UTC) {
            step = TIME_STEPS[TIME_STEPS.length - 1];
            for (long candidate : TIME_STEPS) {
                if (span / candidate <= MAX_X_TICKS) {
                    step = candidate;
                    break;
                }
            }
            while (span / step > MAX_X_TICKS) {
                step *= 2;
            }
        } else {
            step = niceStep(span / (MAX_X_TICKS - 2));
        }
        List<double[]> ticks = new ArrayList<>();
        for (double tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
            ticks.add(new double[] {tick, step});
        }
        return ticks;
    }

    private static String xLabel(TimeAxis axis, double value, double step, double span) {
        if (axis == TimeAxis.ELAPSED) {
            return ReportText.number(value);
        }
        String pattern = span >= 86400 ? "MM-dd HH:mm" : step < 60 ? "HH:mm:ss" : "HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(Math.round(value * 1000)));
    }

    /**
     * How an axis writes its tick values: by {@link ReportText#number}'s rule (at most four significant digits), and
     * for an axis whose ticks are all below 1, in thousandths (or millionths, ...) with the unit prefixed ({@code mW})
     * or the factor named, so that no label has a run of leading zeros.
     *
     * @param thousandths how many times the values are multiplied by 1000 (0 to 3)
     */
    record AxisScale(int thousandths) {

        private static final String[] PREFIXES = {"", "m", "\u00b5", "n"};

        /** The scale for an axis whose largest tick is {@code largest} (absolute). */
        static AxisScale of(double largest) {
            int thousandths = 0;
            double scaled = largest;
            while (scaled > 0 && scaled < 1 && thousandths < PREFIXES.length - 1) {
                scaled *= 1000;
                thousandths++;
            }
            return new AxisScale(thousandths);
        }

        /** A tick's label. */
        String label(double tick) {
            return ReportText.number(tick * Math.pow(1000, thousandths));
        }

        /** The axis title for values in {@code unit} ({@code W}, {@code gCO2e/kWh}): the unit with its prefix. */
        String unit(String unit) {
            return PREFIXES[thousandths] + unit;
        }

        /** The axis title for a quantity without a unit of its own: the factor it is shown in, when any. */
        String quantity(String title) {
            return thousandths == 0 ? title : title + " (\u00d7 10^-" + 3 * thousandths + ")";
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escape(content)
                + "</text>";
    }

    /**
     * Draws plain numeric axes for the finite points ({@code x[i]}, {@code y[i]}) into {@code svg}: x from zero to
     * the highest value, y from the lowest (or zero, when all are positive) to the highest, tick labels by the
     * four-significant-digits rule; returns the x and the y scale.
     */
    private static Scale[] numericAxes(StringBuilder svg, double[] x, double[] y, String xLabel, String yLabel) {
        double xMax = Arrays.stream(x).filter(Double::isFinite).max().orElse(1);
        double xStep = niceStep(xMax / MAX_X_TICKS);
        double xTop = Math.max(Math.ceil(xMax / xStep) * xStep, xStep);
        double yLow = Math.min(Arrays.stream(y).filter(Double::isFinite).min().orElse(0), 0);
        double yHigh = Arrays.stream(y).filter(Double::isFinite).max().orElse(1);
        double yStep = niceStep((yHigh - yLow) / Y_TICKS);
        double yMin = Math.floor(yLow / yStep) * yStep;
        double yMax = Math.max(Math.ceil(yHigh / yStep) * yStep, yMin + yStep);
        Scale xs = new Scale(0, xTop, LINE_LEFT, LINE_RIGHT);
        Scale ys = new Scale(yMin, yMax, LINE_BOTTOM, LINE_TOP);
        svg.append("<g class=\"axis\" stroke=\"#ccc\" stroke-width=\"1\">");
        for (double tick = yMin; tick <= yMax + yStep / 2; tick += yStep) {
            svg.append(line(LINE_LEFT, ys.at(tick), LINE_RIGHT, ys.at(tick)));
        }
        for (double tick = 0; tick <= xTop + xStep / 2; tick += xStep) {
            svg.append(line(xs.at(tick), LINE_BOTTOM, xs.at(tick), LINE_BOTTOM + 5));
        }
        svg.append("</g><g class=\"tick-labels\" fill=\"#444\">");
        AxisScale yScale = AxisScale.of(Math.max(Math.abs(yMin), Math.abs(yMax)));
        AxisScale xScale = AxisScale.of(xTop);
        for (double tick = yMin; tick <= yMax + yStep / 2; tick += yStep) {
            svg.append(text(LINE_LEFT - 6, ys.at(tick) + 4, "end", yScale.label(tick)));
        }
        for (double tick = 0; tick <= xTop + xStep / 2; tick += xStep) {
            svg.append(text(xs.at(tick), LINE_BOTTOM + 20, "middle", xScale.label(tick)));
        }
        svg.append("</g>").append(text((LINE_LEFT + LINE_RIGHT) / 2.0, LINE_BOTTOM + 40, "middle",
                        xScale.quantity(xLabel)))
                .append("<text x=\"16\" y=\"").append(fmt((LINE_TOP + LINE_BOTTOM) / 2.0))
                .append("\" text-anchor=\"middle\" transform=\"rotate(-90 16 ")
                .append(fmt((LINE_TOP + LINE_BOTTOM) / 2.0)).append(")\">").append(escape(yScale.quantity(yLabel)))
                .append("</text>");
        return new Scale[] {xs, ys};
    }

    private static String fmt(double coordinate) {
        return String.format(Locale.ROOT, "%.1f", coordinate);
    }

    /** Maps data values onto pixels. */
    private interface XScale {
        double at(double value);
    }

    /** Maps data values linearly onto pixels. */
    private record Scale(double min, double max, double from, double to) implements XScale {

        @Override
        public double at(double value) {
            return from + (value - min) / (max - min) * (to - from);
        }
    }

    /** Time no line covers for at least this long (and {@link #BREAK_MIN_SHARE} of the axis) is cut out. */
    static final double BREAK_MIN_SECONDS = 60;
    private static final double BREAK_MIN_SHARE = 0.05;
    private static final int BREAK_WIDTH = 28;

    /**
     * A time axis that leaves out the stretches no line covers (no series has a point there: between two
     * applications of a run, or while nothing was metered) when they last at least {@link #BREAK_MIN_SECONDS} and
     * {@link #BREAK_MIN_SHARE} of the axis: each is drawn as a break {@link #BREAK_WIDTH} pixels wide, so the time
     * that was metered gets the width. Linear within each kept stretch, at the same pixels per second.
     *
     * @param kept the stretches drawn, {@code {from, to}} in data units, in order
     */
    private record TimeScale(List<double[]> kept, double pixelsPerUnit, double from) implements XScale {

        static TimeScale of(List<Series> series, double min, double max, double from, double to) {
            List<double[]> covered = new ArrayList<>();
            for (Series line : series) {
                double start = Double.NaN;
                double end = Double.NaN;
                for (int i = 0; i <= line.x().length; i++) {
                    boolean drawn = i < line.x().length && Double.isFinite(line.x()[i]) && Double.isFinite(line.y()[i]);
                    if (drawn) {
                        start = Double.isNaN(start) ? line.x()[i] : start;
                        end = line.x()[i];
                    } else if (!Double.isNaN(start)) {
                        covered.add(new double[] {start, end});
                        start = Double.NaN;
                    }
                }
            }
            covered.sort(java.util.Comparator.comparingDouble(stretch -> stretch[0]));
            double shortest = Math.max(BREAK_MIN_SECONDS, BREAK_MIN_SHARE * (max - min));
            List<double[]> kept = new ArrayList<>();
            double[] current = {min, min};
            for (double[] stretch : covered) {
                if (stretch[0] - current[1] >= shortest) {
                    kept.add(current);
                    current = new double[] {stretch[0], stretch[1]};
                } else {
                    current[1] = Math.max(current[1], stretch[1]);
                }
            }
            current[1] = Math.max(current[1], max);
            kept.add(current);
            double seconds = kept.stream().mapToDouble(stretch -> stretch[1] - stretch[0]).sum();
            double pixels = to - from - (kept.size() - 1) * BREAK_WIDTH;
            return new TimeScale(List.copyOf(kept), seconds > 0 ? pixels / seconds : 0, from);
        }

        /** The time drawn, all kept stretches together. */
        double keptSeconds() {
            return kept.stream().mapToDouble(stretch -> stretch[1] - stretch[0]).sum();
        }

        @Override
        public double at(double value) {
            double pixel = from;
            for (int i = 0; i < kept.size(); i++) {
                double[] stretch = kept.get(i);
                if (value <= stretch[1] || i == kept.size() - 1) {
                    return pixel + Math.max(0, value - stretch[0]) * pixelsPerUnit;
                }
                pixel += (stretch[1] - stretch[0]) * pixelsPerUnit + BREAK_WIDTH;
            }
            return pixel;
        }

        /** Each break as {@code {left pixel, right pixel, seconds left out}}. */
        List<double[]> breaks() {
            List<double[]> breaks = new ArrayList<>();
            for (int i = 1; i < kept.size(); i++) {
                double right = at(kept.get(i)[0]);
                breaks.add(new double[] {right - BREAK_WIDTH, right, kept.get(i)[0] - kept.get(i - 1)[1]});
            }
            return breaks;
        }
    }

    /** The breaks of a time axis: a gap in the axis line, a dashed band, and how long was left out. */
    private static void breaks(StringBuilder svg, TimeScale x) {
        List<double[]> breaks = x.breaks();
        if (breaks.isEmpty()) {
            return;
        }
        svg.append("<g class=\"axis-breaks\">");
        for (double[] gap : breaks) {
            double middle = (gap[0] + gap[1]) / 2;
            svg.append("<rect x=\"").append(fmt(gap[0] + 4)).append("\" y=\"").append(LINE_TOP)
                    .append("\" width=\"").append(fmt(gap[1] - gap[0] - 8)).append("\" height=\"")
                    .append(LINE_BOTTOM - LINE_TOP + 6).append("\" fill=\"#f3f3f3\"/>")
                    .append(line(gap[0] + 6, LINE_BOTTOM + 8, gap[0] + 12, LINE_BOTTOM - 8)
                            .replace("/>", " stroke=\"#888\"/>"))
                    .append(line(gap[1] - 12, LINE_BOTTOM + 8, gap[1] - 6, LINE_BOTTOM - 8)
                            .replace("/>", " stroke=\"#888\"/>"))
                    .append("<text x=\"").append(fmt(middle)).append("\" y=\"").append(LINE_TOP - 6)
                    .append("\" text-anchor=\"middle\" fill=\"#666\"><title>")
                    .append(escape(ReportText.duration(gap[2]) + " left out: nothing was metered"))
                    .append("</title>").append(escape("\u2026 " + ReportText.duration(gap[2]) + " \u2026"))
                    .append("</text>");
        }
        svg.append("</g>");
    }
}
