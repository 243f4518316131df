package io.greentrain.energy.report;

import static io.greentrain.energy.report.LedgerEntries.END_SECONDS;
import static io.greentrain.energy.report.LedgerEntries.JOULES;
import static io.greentrain.energy.report.LedgerEntries.START_SECONDS;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The numbers behind the report's charts, collected to the driver. A window's figure holds for the
 * whole window, so time series are steps. A line has at most {@link #MAX_POINTS} steps: a run with
 * more windows has them pooled into equal time buckets (energy over time covered), so the page
 * stays small for long runs.
 *
 * @param timeAxis    {@link SvgCharts.TimeAxis#UTC} for one run; {@link SvgCharts.TimeAxis#ELAPSED}
 *                    for several, so that runs days apart share one axis
 * @param power       IT power per executor, W
 * @param intensity   grid intensity per zone, location- and market-based, gCO2e/kWh
 * @param phases      phases (all runs together), grouped by {@link Phases#group}: groups in order of their first
 *                    window, phases within a group in {@link Phases#NATURAL_ORDER}
 * @param phaseBars   per phase: IT energy (kWh), location- and market-based CO2e (kg), labelled in human units
 * @param executors   executor labels
 * @param executorBars per executor: as {@code phaseBars}
 */
record ChartData(SvgCharts.TimeAxis timeAxis, List<SvgCharts.Series> power, List<SvgCharts.Series> intensity,
                 List<String> phases, List<SvgCharts.Bars> phaseBars, List<String> executors,
                 List<SvgCharts.Bars> executorBars) {

    /** Most windows (steps) drawn per line; more are pooled into this many equal buckets. */
    static final int MAX_POINTS = 600;

    /** Windows further apart than this are drawn with a gap between them. */
    static final double GAP_TOLERANCE_SECONDS = 0.5;

    static final String ENERGY_HEADING = "IT energy";
    static final String LOCATION_HEADING = "CO2e location-based";
    static final String MARKET_HEADING = "CO2e market-based";

    /**
     * Collects the chart data of {@code entries} (with derived columns), {@code byPhase} and
     * {@code byExecutor} (as written), for {@code runs}.
     */
    static ChartData collect(Dataset<Row> entries, Dataset<Row> byPhase, Dataset<Row> byExecutor,
                             List<RunSummary> runs) {
        boolean severalRuns = runs.size() > 1;
        boolean severalApplications = runs.stream().anyMatch(run -> run.applications() > 1);
        double longest = runs.stream().mapToDouble(run -> run.lastEndSeconds() - run.firstStartSeconds())
                .max().orElse(0);
        double bucketSeconds = longest > 0 ? longest / MAX_POINTS : 1;
        SvgCharts.TimeAxis axis = severalRuns ? SvgCharts.TimeAxis.ELAPSED : SvgCharts.TimeAxis.UTC;

        Dataset<Row> timed = entries.join(
                entries.groupBy("runId").agg(min(col(START_SECONDS)).as("runStart")), "runId")
                .withColumn("bucket", floor(col(START_SECONDS).minus(col("runStart")).divide(bucketSeconds)));
        Column xOffset = axis == SvgCharts.TimeAxis.ELAPSED ? col("runStart") : lit(0.0);

        // Power per device first (its windows follow one another), then added up over the executor's
        // devices: devices sampled on different windows would otherwise dilute each other.
        Dataset<Row> deviceWindows = timed
                .filter(col(END_SECONDS).gt(col(START_SECONDS)))
                .groupBy("runId", "applicationId", "executorId", "host", "bucket", "runStart", "device",
                        START_SECONDS, END_SECONDS)
                .agg(sum(JOULES).as("joules"));
        Dataset<Row> devicePower = deviceWindows
                .groupBy("runId", "applicationId", "executorId", "host", "bucket", "runStart", "device")
                .agg(min(START_SECONDS).as("start"), max(END_SECONDS).as("end"),
                        sum("joules").divide(sum(col(END_SECONDS).minus(col(START_SECONDS)))).as("watts"));
        List<Row> powerRows = new ArrayList<>(devicePower
                .groupBy("runId", "applicationId", "executorId", "host", "bucket", "runStart")
                .agg(min("start").minus(xOffset).as("x0"), max("end").minus(xOffset).as("x1"), sum("watts").as("y"))
                .collectAsList());
        powerRows.sort(executorOrder("runId", "applicationId", "executorId", "host")
                .thenComparingDouble(row -> value(row, "x0")));
        List<SvgCharts.Series> power = steps(powerRows,
                row -> executorLabel(row, severalRuns, severalApplications), "y", false);

        List<Row> intensityRows = timed
                .select("runId", "zone", "bucket", "runStart", START_SECONDS, END_SECONDS, "intensityGramsPerKwh",
                        "marketGramsPerKwh")
                .distinct()
                .groupBy("runId", "zone", "bucket", "runStart")
                .agg(min(START_SECONDS).minus(xOffset).as("x0"), max(END_SECONDS).minus(xOffset).as("x1"),
                        avg("intensityGramsPerKwh").as("location"), avg("marketGramsPerKwh").as("market"))
                .orderBy("runId", "zone", "x0")
                .collectAsList();
        List<SvgCharts.Series> intensity = intensitySeries(intensityRows, severalRuns);

        List<Row> phaseRows = naturally(byPhase.groupBy("phase")
                .agg(sum("it_kwh").as("it_kwh"), sum("co2e_location_kg").as("location"),
                        sum("co2e_market_kg").as("market"),
                        min("first_window_start").cast("double").as("firstSeconds"))
                .collectAsList());
        List<String> phases = phaseRows.stream().map(row -> row.<String>getAs("phase")).toList();

        List<Row> executorRows = new ArrayList<>(byExecutor
                .select("run_id", "application_id", "executor_id", "host", "it_kwh", "co2e_location_kg",
                        "co2e_market_kg")
                .collectAsList());
        executorRows.sort(executorOrder("run_id", "application_id", "executor_id", "host"));
        List<String> executors = executorRows.stream().map(row -> executorLabel(row.getAs("run_id"),
                row.getAs("application_id"), row.getAs("executor_id"), row.getAs("host"), severalRuns,
                severalApplications)).toList();

        return new ChartData(axis, power, intensity, phases, bars(phaseRows, "it_kwh", "location", "market"),
                executors, bars(executorRows, "it_kwh", "co2e_location_kg", "co2e_market_kg"));
    }

    /**
     * {@code phaseRows} (columns {@code phase} and {@code firstSeconds}) grouped by {@link Phases#group}: groups
     * by their first window, then name; phases within a group in natural order, so epoch 2 comes before epoch 10.
     */
    private static List<Row> naturally(List<Row> phaseRows) {
        Map<String, Double> groupStart = new HashMap<>();
        for (Row row : phaseRows) {
            double first = value(row, "firstSeconds");
            groupStart.merge(Phases.group(row.getAs("phase")), Double.isNaN(first) ? Double.MAX_VALUE : first,
                    Math::min);
        }
        List<Row> sorted = new ArrayList<>(phaseRows);
        sorted.sort(Comparator.<Row>comparingDouble(row -> groupStart.get(Phases.group(row.getAs("phase"))))
                .thenComparing(row -> Phases.group(row.getAs("phase")))
                .thenComparing(row -> row.<String>getAs("phase"), Phases.NATURAL_ORDER));
        return sorted;
    }

    private static List<SvgCharts.Series> intensitySeries(List<Row> rows, boolean severalRuns) {
        List<SvgCharts.Series> lines = new ArrayList<>();
        for (String kind : List.of("location", "market")) {
            lines.addAll(steps(rows, row -> (severalRuns ? row.getAs("runId") + " \u00b7 " : "")
                    + Objects.requireNonNullElse(row.<String>getAs("zone"), "unknown zone") + " " + kind + "-based",
                    kind, kind.equals("market")));
        }
        return lines;
    }

    /**
     * A line per group of {@code rows} (by {@code name}), holding each window's {@code value} from its
     * start {@code x0} to its end {@code x1}: a window's figure applies to all of it. A gap between
     * windows breaks the line.
     */
    private static List<SvgCharts.Series> steps(List<Row> rows, Function<Row, String> name, String value,
                                                boolean dashed) {
        List<SvgCharts.Series> lines = new ArrayList<>();
        group(rows, name).forEach((label, windows) -> {
            List<double[]> points = new ArrayList<>();
            double previousEnd = Double.NaN;
            for (Row window : windows) {
                double start = value(window, "x0");
                double end = value(window, "x1");
                double y = value(window, value);
                if (start > previousEnd + GAP_TOLERANCE_SECONDS) {
                    points.add(new double[] {(previousEnd + start) / 2, Double.NaN});
                }
                points.add(new double[] {start, y});
                points.add(new double[] {end, y});
                previousEnd = Double.isNaN(previousEnd) ? end : Math.max(previousEnd, end);
            }
            lines.add(new SvgCharts.Series(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray(), dashed));
        });
        return lines;
    }

    private static Map<String, List<Row>> group(List<Row> rows, Function<Row, String> key) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row));
        return groups;
    }

    private static double value(Row row, String column) {
        Object value = row.getAs(column);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static List<SvgCharts.Bars> bars(List<Row> rows, String energy, String location, String market) {
        return List.of(
                new SvgCharts.Bars(ENERGY_HEADING, rows.stream().mapToDouble(row -> value(row, energy)).toArray(),
                        ChartData::energyOfKwh),
                new SvgCharts.Bars(LOCATION_HEADING, rows.stream().mapToDouble(row -> value(row, location)).toArray(),
                        ChartData::massOfKg),
                new SvgCharts.Bars(MARKET_HEADING, rows.stream().mapToDouble(row -> value(row, market)).toArray(),
                        ChartData::massOfKg));
    }

    /** {@code kwh} in {@link EnergyUnits#energy}'s human units. */
    static String energyOfKwh(double kwh) {
        return EnergyUnits.energy(kwh * EnergyUnits.JOULES_PER_KWH);
    }

    /** {@code kg} in {@link EnergyUnits#mass}'s human units. */
    static String massOfKg(double kg) {
        return EnergyUnits.mass(kg * EnergyUnits.GRAMS_PER_KG);
    }

    private static String executorLabel(Row row, boolean severalRuns, boolean severalApplications) {
        return executorLabel(row.getAs("runId"), row.getAs("applicationId"), row.getAs("executorId"),
                row.getAs("host"), severalRuns, severalApplications);
    }

    /**
     * {@code executor 3 @ host}, {@code driver @ host}; prefixed by the run and application only
     * where more than one could be meant.
     */
    static String executorLabel(String runId, String applicationId, String executorId, String host,
                                boolean severalRuns, boolean severalApplications) {
        StringBuilder label = new StringBuilder();
        if (severalRuns) {
            label.append(runId).append(" \u00b7 ");
        }
        if (severalApplications) {
            label.append(Objects.requireNonNullElse(applicationId, "unknown application")).append(" \u00b7 ");
        }
        label.append("driver".equals(executorId) ? "driver" : "executor " + executorId);
        if (host != null) {
            label.append(" @ ").append(host);
        }
        return label.toString();
    }

    /** Rows by run, application, executor ({@link #compareExecutorIds}) and host, given those columns. */
    private static Comparator<Row> executorOrder(String run, String application, String executor, String host) {
        return Comparator.<Row, String>comparing(row -> Objects.toString(row.getAs(run), ""))
                .thenComparing(row -> Objects.toString(row.getAs(application), ""))
                .thenComparing(row -> Objects.toString(row.getAs(executor), ""), ChartData::compareExecutorIds)
                .thenComparing(row -> Objects.toString(row.getAs(host), ""));
    }

    /** The driver first, then numeric ids in numeric order, then any other id. */
    static int compareExecutorIds(String a, String b) {
        return Comparator.<String, Integer>comparing(id -> "driver".equals(id) ? 0 : isNumber(id) ? 1 : 2)
                .thenComparing(id -> isNumber(id) ? Long.parseLong(id) : 0L)
                .thenComparing(Comparator.naturalOrder())
                .compare(a, b);
    }

    private static boolean isNumber(String id) {
        return id.length() > 0 && id.length() < 18 && id.chars().allMatch(Character::isDigit);
    }
}
