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
import static org.apache.spark.sql.functions.when;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.Arrays;
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
 * @param phases      phases (all runs together), grouped by {@link Phases#group}: groups in the pipeline's order
 *                    ({@link #groupRank}), phases within a group in {@link Phases#NATURAL_ORDER}
 * @param phaseBars   per phase: IT energy (kWh), location- and market-based CO2e (kg), labelled in human units
 * @param executors   executor labels
 * @param executorBars per executor: as {@code phaseBars}
 * @param idleApplications per run with several applications, those that did no work: all their energy is
 *                    {@value #IDLE} (a re-run whose steps were all up to date); labelled so wherever the application
 *                    is named
 */
record ChartData(SvgCharts.TimeAxis timeAxis, List<SvgCharts.Series> power, List<SvgCharts.Series> intensity,
                 List<String> phases, List<SvgCharts.Bars> phaseBars, List<String> executors,
                 List<SvgCharts.Bars> executorBars, Map<String, List<String>> idleApplications) {

    /** Most windows (steps) drawn per line; more are pooled into this many equal buckets. */
    static final int MAX_POINTS = 600;

    /** Windows further apart than this are drawn with a gap between them. */
    static final double GAP_TOLERANCE_SECONDS = 0.5;

    static final String ENERGY_HEADING = "IT energy";
    static final String LOCATION_HEADING = "CO2e location-based";
    static final String MARKET_HEADING = "CO2e market-based";

    /**
     * One point of a power line: an executor's IT power over a time bucket, its devices added up.
     *
     * @param x0    bucket start, on the chart's x axis (epoch seconds, or seconds since the run's start)
     * @param x1    bucket end
     * @param watts IT power
     */
    record PowerStep(String runId, String applicationId, String executorId, String host, double x0, double x1,
                     double watts) {
    }

    /** One point of an intensity line: a zone's mean intensities over a time bucket, gCO2e/kWh. */
    record IntensityStep(String runId, String zone, double x0, double x1, double location, double market) {
    }

    /** How the runs are drawn: the time axis, and the buckets windows are pooled into. */
    private record Layout(boolean severalRuns, boolean severalApplications, double bucketSeconds,
                          SvgCharts.TimeAxis axis) {

        static Layout of(List<RunSummary> runs) {
            double longest = runs.stream().mapToDouble(run -> run.lastEndSeconds() - run.firstStartSeconds())
                    .max().orElse(0);
            return new Layout(runs.size() > 1, runs.stream().anyMatch(run -> run.applications() > 1),
                    longest > 0 ? longest / MAX_POINTS : 1,
                    runs.size() > 1 ? SvgCharts.TimeAxis.ELAPSED : SvgCharts.TimeAxis.UTC);
        }
    }

    /**
     * Collects the chart data of {@code entries} (with derived columns), {@code byPhase} and
     * {@code byExecutor} (as written), for {@code runs}.
     */
    static ChartData collect(Dataset<Row> entries, Dataset<Row> byPhase, Dataset<Row> byExecutor,
                             List<RunSummary> runs) {
        return collect(entries, LedgerAggregates.phaseTotals(byPhase), LedgerAggregates.executorTotals(byExecutor),
                runs);
    }

    /** {@link #collect(Dataset, Dataset, Dataset, List)} with {@code by_phase/} and {@code by_executor/} read back. */
    static ChartData collect(Dataset<Row> entries, List<LedgerAggregates.PhaseTotals> byPhase,
                             List<LedgerAggregates.ExecutorTotals> byExecutor, List<RunSummary> runs) {
        Layout layout = Layout.of(runs);
        Dataset<Row> timed = entries.join(
                entries.groupBy("runId").agg(min(col(START_SECONDS)).as("runStart")), "runId")
                .withColumn("bucket", floor(col(START_SECONDS).minus(col("runStart")).divide(layout.bucketSeconds())));
        Column xOffset = layout.axis() == SvgCharts.TimeAxis.ELAPSED ? col("runStart") : lit(0.0);

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
        List<PowerStep> power = devicePower
                .groupBy("runId", "applicationId", "executorId", "host", "bucket", "runStart")
                .agg(min("start").minus(xOffset).as("x0"), max("end").minus(xOffset).as("x1"), sum("watts").as("y"))
                .collectAsList().stream()
                .map(row -> new PowerStep(row.getAs("runId"), row.getAs("applicationId"), row.getAs("executorId"),
                        row.getAs("host"), value(row, "x0"), value(row, "x1"), value(row, "y")))
                .toList();

        List<IntensityStep> intensity = timed
                .select("runId", "zone", "bucket", "runStart", START_SECONDS, END_SECONDS, "intensityGramsPerKwh",
                        "marketGramsPerKwh")
                .distinct()
                .groupBy("runId", "zone", "bucket", "runStart")
                .agg(min(START_SECONDS).minus(xOffset).as("x0"), max(END_SECONDS).minus(xOffset).as("x1"),
                        avg("intensityGramsPerKwh").as("location"), avg("marketGramsPerKwh").as("market"))
                .orderBy("runId", "zone", "x0")
                .collectAsList().stream()
                .map(row -> new IntensityStep(row.getAs("runId"), row.getAs("zone"), value(row, "x0"),
                        value(row, "x1"), value(row, "location"), value(row, "market")))
                .toList();
        Map<String, List<String>> idle = new TreeMap<>();
        for (Row row : entries.groupBy("runId", "applicationId")
                .agg(max(when(col("phase").notEqual(lit(IDLE)), lit(1)).otherwise(lit(0))).as("busy"))
                .filter(col("busy").equalTo(0))
                .collectAsList()) {
            idle.computeIfAbsent(row.getString(0), run -> new ArrayList<>())
                    .add(Objects.requireNonNullElse(row.getString(1), UNKNOWN_APPLICATION));
        }
        return assemble(layout, power, intensity, byPhase, byExecutor, idle);
    }

    /**
     * {@link #collect(Dataset, List, List, List)} over lines read without Spark ({@link LedgerLines}): the same
     * buckets, groups and arithmetic.
     */
    static ChartData collect(List<LedgerLines.EnergyLine> entries, List<LedgerAggregates.PhaseTotals> byPhase,
                             List<LedgerAggregates.ExecutorTotals> byExecutor, List<RunSummary> runs) {
        Layout layout = Layout.of(runs);
        Map<String, Double> runStart = new HashMap<>();
        entries.forEach(entry -> runStart.merge(entry.runId(), entry.startSeconds, Math::min));
        boolean elapsed = layout.axis() == SvgCharts.TimeAxis.ELAPSED;

        // As the Spark plan: joules per device window, then per device and bucket power (joules over window time),
        // then per executor and bucket the devices' power added up.
        Map<List<Object>, Double> deviceWindows = new LinkedHashMap<>();
        for (LedgerLines.EnergyLine entry : entries) {
            if (entry.endSeconds > entry.startSeconds) {
                deviceWindows.merge(Arrays.asList(entry.runId(), entry.applicationId(), entry.executorId(),
                        entry.host(), bucket(entry, runStart, layout), entry.device(), entry.startSeconds,
                        entry.endSeconds), entry.joules, Double::sum);
            }
        }
        Map<List<Object>, double[]> devicePower = new LinkedHashMap<>();
        deviceWindows.forEach((key, joules) -> {
            double start = (Double) key.get(6);
            double end = (Double) key.get(7);
            double[] sums = devicePower.computeIfAbsent(key.subList(0, 6), k -> new double[] {
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0});
            sums[0] = Math.min(sums[0], start);
            sums[1] = Math.max(sums[1], end);
            sums[2] += joules;
            sums[3] += end - start;
        });
        Map<List<Object>, double[]> executorPower = new LinkedHashMap<>();
        devicePower.forEach((key, sums) -> {
            double[] step = executorPower.computeIfAbsent(key.subList(0, 5), k -> new double[] {
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
            step[0] = Math.min(step[0], sums[0]);
            step[1] = Math.max(step[1], sums[1]);
            step[2] += sums[2] / sums[3];
        });
        List<PowerStep> power = new ArrayList<>();
        executorPower.forEach((key, step) -> {
            double offset = elapsed ? runStart.get((String) key.get(0)) : 0.0;
            power.add(new PowerStep((String) key.get(0), (String) key.get(1), (String) key.get(2),
                    (String) key.get(3), step[0] - offset, step[1] - offset, step[2]));
        });

        Map<List<Object>, double[]> intensityBuckets = new LinkedHashMap<>();
        java.util.Set<List<Object>> distinct = new java.util.HashSet<>();
        for (LedgerLines.EnergyLine entry : entries) {
            double location = entry.real("intensityGramsPerKwh");
            double market = entry.real("marketGramsPerKwh");
            List<Object> key = Arrays.asList(entry.runId(), entry.text("zone"), bucket(entry, runStart, layout));
            List<Object> row = new ArrayList<>(key);
            row.addAll(List.of(entry.startSeconds, entry.endSeconds, location, market));
            if (!distinct.add(row)) {
                continue;
            }
            double[] sums = intensityBuckets.computeIfAbsent(key, k -> new double[] {
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, 0, 0});
            sums[0] = Math.min(sums[0], entry.startSeconds);
            sums[1] = Math.max(sums[1], entry.endSeconds);
            sums[2] += location;
            sums[3] += market;
            sums[4]++;
        }
        List<IntensityStep> intensity = new ArrayList<>();
        intensityBuckets.forEach((key, sums) -> {
            double offset = elapsed ? runStart.get((String) key.get(0)) : 0.0;
            intensity.add(new IntensityStep((String) key.get(0), (String) key.get(1), sums[0] - offset,
                    sums[1] - offset, sums[2] / sums[4], sums[3] / sums[4]));
        });
        intensity.sort(Comparator.comparing(IntensityStep::runId, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                .thenComparing(IntensityStep::zone, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingDouble(IntensityStep::x0));
        Map<String, Map<String, Boolean>> busy = new TreeMap<>();
        entries.forEach(entry -> busy.computeIfAbsent(entry.runId(), run -> new TreeMap<>()).merge(
                Objects.requireNonNullElse(entry.applicationId(), UNKNOWN_APPLICATION), !IDLE.equals(entry.phase()),
                Boolean::logicalOr));
        Map<String, List<String>> idle = new TreeMap<>();
        busy.forEach((run, applications) -> applications.forEach((application, worked) -> {
            if (!worked) {
                idle.computeIfAbsent(run, r -> new ArrayList<>()).add(application);
            }
        }));
        return assemble(layout, power, intensity, byPhase, byExecutor, idle);
    }

    /** The time bucket of {@code entry}'s window start, as the Spark plan's {@code floor(...)}. */
    private static long bucket(LedgerLines.EnergyLine entry, Map<String, Double> runStart, Layout layout) {
        return (long) Math.floor((entry.startSeconds - runStart.get(entry.runId())) / layout.bucketSeconds());
    }

    /** The charts from the steps and tables either engine computed. */
    private static ChartData assemble(Layout layout, List<PowerStep> powerSteps, List<IntensityStep> intensitySteps,
                                      List<LedgerAggregates.PhaseTotals> byPhase,
                                      List<LedgerAggregates.ExecutorTotals> byExecutor,
                                      Map<String, List<String>> allIdleApplications) {
        // Only a run of several applications has an idle one worth naming: a run that did nothing says so itself.
        Map<String, List<String>> idleApplications = new TreeMap<>();
        allIdleApplications.forEach((run, applications) -> {
            if (byExecutor.stream().filter(row -> run.equals(row.runId())).map(row -> Objects.requireNonNullElse(
                    row.applicationId(), UNKNOWN_APPLICATION)).distinct().count() > applications.size()) {
                idleApplications.put(run, List.copyOf(applications));
            }
        });
        List<PowerStep> sortedPower = new ArrayList<>(powerSteps);
        sortedPower.sort(Comparator.<PowerStep, String>comparing(step -> Objects.toString(step.runId(), ""))
                .thenComparing(step -> Objects.toString(step.applicationId(), ""))
                .thenComparing(step -> Objects.toString(step.executorId(), ""), ChartData::compareExecutorIds)
                .thenComparing(step -> Objects.toString(step.host(), ""))
                .thenComparingDouble(PowerStep::x0));
        List<SvgCharts.Series> power = steps(sortedPower, step -> executorLabel(step.runId(),
                applicationLabel(step.runId(), step.applicationId(), idleApplications),
                step.executorId(), step.host(), layout.severalRuns(), layout.severalApplications()),
                PowerStep::x0, PowerStep::x1, PowerStep::watts, false);
        List<SvgCharts.Series> intensity = intensitySeries(intensitySteps, layout.severalRuns());

        Map<String, double[]> phaseSums = new LinkedHashMap<>();
        for (LedgerAggregates.PhaseTotals row : byPhase) {
            double[] sums = phaseSums.computeIfAbsent(row.phase(), phase -> new double[] {0, 0, 0,
                Double.POSITIVE_INFINITY});
            sums[0] += row.metrics().itKwh();
            sums[1] += row.metrics().locationKg();
            sums[2] += row.metrics().marketKg();
            sums[3] = Math.min(sums[3], row.metrics().firstWindowStartSeconds());
        }
        List<String> phases = naturally(phaseSums);
        List<double[]> phaseRows = phases.stream().map(phaseSums::get).toList();

        List<LedgerAggregates.ExecutorTotals> executorRows = new ArrayList<>(byExecutor);
        executorRows.sort(Comparator.<LedgerAggregates.ExecutorTotals, String>comparing(
                        row -> Objects.toString(row.runId(), ""))
                .thenComparing(row -> Objects.toString(row.applicationId(), ""))
                .thenComparing(row -> Objects.toString(row.executorId(), ""), ChartData::compareExecutorIds)
                .thenComparing(row -> Objects.toString(row.host(), "")));
        List<String> executors = executorRows.stream().map(row -> executorLabel(row.runId(),
                applicationLabel(row.runId(), row.applicationId(), idleApplications), row.executorId(), row.host(),
                layout.severalRuns(), layout.severalApplications())).toList();

        return new ChartData(layout.axis(), power, intensity, phases,
                bars(phaseRows, row -> row[0], row -> row[1], row -> row[2]), executors,
                bars(executorRows, row -> row.metrics().itKwh(), row -> row.metrics().locationKg(),
                        row -> row.metrics().marketKg()), idleApplications);
    }

    /** What an application that did no work is called on the page. */
    static final String IDLE_APPLICATION = "nothing to do";

    private static final String UNKNOWN_APPLICATION = "unknown application";

    /** The application's id, with {@value #IDLE_APPLICATION} when it did no work. */
    private static String applicationLabel(String runId, String applicationId,
                                           Map<String, List<String>> idleApplications) {
        String id = Objects.requireNonNullElse(applicationId, UNKNOWN_APPLICATION);
        return idleApplications.getOrDefault(runId, List.of()).contains(id) ? id + " (" + IDLE_APPLICATION + ")" : id;
    }

    /** The phase groups of greentrain's pipelines in the order their steps run ({@link PipelineGroups#IN_ORDER}). */
    static final List<String> PIPELINE_GROUPS = PipelineGroups.IN_ORDER;

    /** The phase of energy no task used, which comes after all work. */
    static final String IDLE = "idle";

    /** The phase of tasks no phase was set for, last of all. */
    static final String UNPHASED = "unphased";

    /**
     * The phases of {@code phaseSums} (phase to IT kWh, location and market kg, first window start) grouped by
     * {@link Phases#group}, groups in the pipeline's order: the {@link #PIPELINE_GROUPS} in theirs, then any other
     * group (another application's) by its first window, then {@value #IDLE} and {@value #UNPHASED}; phases within a
     * group in natural order, so epoch 2 comes before epoch 10.
     */
    private static List<String> naturally(Map<String, double[]> phaseSums) {
        Map<String, Double> groupStart = new HashMap<>();
        phaseSums.forEach((phase, sums) -> groupStart.merge(Phases.group(phase),
                Double.isNaN(sums[3]) ? Double.MAX_VALUE : sums[3], Math::min));
        List<String> sorted = new ArrayList<>(phaseSums.keySet());
        sorted.sort(Comparator.<String>comparingInt(phase -> groupRank(Phases.group(phase)))
                .thenComparingDouble(phase -> groupStart.get(Phases.group(phase)))
                .thenComparing(Phases::group)
                .thenComparing(Phases.NATURAL_ORDER));
        return sorted;
    }

    /** Where a phase group comes: its place among the pipeline's, other groups after them, idle and unphased last. */
    static int groupRank(String group) {
        int pipeline = PIPELINE_GROUPS.indexOf(group);
        if (pipeline >= 0) {
            return pipeline;
        }
        return PIPELINE_GROUPS.size() + (IDLE.equals(group) ? 1 : UNPHASED.equals(group) ? 2 : 0);
    }

    private static List<SvgCharts.Series> intensitySeries(List<IntensityStep> rows, boolean severalRuns) {
        List<SvgCharts.Series> lines = new ArrayList<>();
        lines.addAll(steps(rows, row -> intensityLabel(row, severalRuns, "location"), IntensityStep::x0,
                IntensityStep::x1, IntensityStep::location, false));
        lines.addAll(steps(rows, row -> intensityLabel(row, severalRuns, "market"), IntensityStep::x0,
                IntensityStep::x1, IntensityStep::market, true));
        return lines;
    }

    private static String intensityLabel(IntensityStep row, boolean severalRuns, String kind) {
        return (severalRuns ? row.runId() + " \u00b7 " : "")
                + Objects.requireNonNullElse(row.zone(), "unknown zone") + " " + kind + "-based";
    }

    /**
     * A line per group of {@code rows} (by {@code name}), holding each window's value {@code y} from its
     * start {@code x0} to its end {@code x1}: a window's figure applies to all of it. A gap between
     * windows breaks the line.
     */
    private static <T> List<SvgCharts.Series> steps(List<T> rows, Function<T, String> name, ToDoubleFunction<T> x0,
                                                    ToDoubleFunction<T> x1, ToDoubleFunction<T> y, boolean dashed) {
        List<SvgCharts.Series> lines = new ArrayList<>();
        Map<String, List<T>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(name.apply(row), k -> new ArrayList<>()).add(row));
        groups.forEach((label, windows) -> {
            List<double[]> points = new ArrayList<>();
            double previousEnd = Double.NaN;
            for (T window : windows) {
                double start = x0.applyAsDouble(window);
                double end = x1.applyAsDouble(window);
                double value = y.applyAsDouble(window);
                if (start > previousEnd + GAP_TOLERANCE_SECONDS) {
                    points.add(new double[] {(previousEnd + start) / 2, Double.NaN});
                }
                points.add(new double[] {start, value});
                points.add(new double[] {end, value});
                previousEnd = Double.isNaN(previousEnd) ? end : Math.max(previousEnd, end);
            }
            lines.add(new SvgCharts.Series(label, points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray(), dashed));
        });
        return lines;
    }

    private static double value(Row row, String column) {
        Object value = row.getAs(column);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static <T> List<SvgCharts.Bars> bars(List<T> rows, ToDoubleFunction<T> energy,
                                                 ToDoubleFunction<T> location, ToDoubleFunction<T> market) {
        return List.of(
                new SvgCharts.Bars(ENERGY_HEADING, rows.stream().mapToDouble(energy).toArray(),
                        ChartData::energyOfKwh),
                new SvgCharts.Bars(LOCATION_HEADING, rows.stream().mapToDouble(location).toArray(),
                        ChartData::massOfKg),
                new SvgCharts.Bars(MARKET_HEADING, rows.stream().mapToDouble(market).toArray(),
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
            label.append(Objects.requireNonNullElse(applicationId, UNKNOWN_APPLICATION)).append(" \u00b7 ");
        }
        label.append("driver".equals(executorId) ? "driver" : "executor " + executorId);
        if (host != null) {
            label.append(" @ ").append(host);
        }
        return label.toString();
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
