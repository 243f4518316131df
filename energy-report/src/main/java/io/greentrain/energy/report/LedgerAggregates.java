package io.greentrain.energy.report;

import static io.greentrain.energy.api.EnergyUnits.JOULES_PER_KWH;
import static io.greentrain.energy.report.LedgerEntries.DEVICE_CLASS;
import static io.greentrain.energy.report.LedgerEntries.END_SECONDS;
import static io.greentrain.energy.report.LedgerEntries.FACILITY_JOULES;
import static io.greentrain.energy.report.LedgerEntries.JOULES;
import static io.greentrain.energy.report.LedgerEntries.MEASURED;
import static io.greentrain.energy.report.LedgerEntries.START_SECONDS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.greentrain.energy.api.DeviceClass;
import io.greentrain.energy.report.LedgerLines.EnergyLine;
import io.greentrain.energy.report.ParquetTable.Type;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's aggregates of ledger entries, each twice: over a Spark table (as given by
 * {@link LedgerEntries#withDerivedColumns}) for the {@link ReportEngine#SPARK Spark engine}, and over the lines
 * {@link LedgerLines} read for the {@link ReportEngine#LOCAL local engine}, with the same groups, order and
 * arithmetic (sums of the same terms, divided the same way); {@code ReportEnginesTest} holds them to the same results.
 * Energy is reported in kWh and CO2e in kg from here on; {@code it_} energy is what the devices
 * drew, {@code facility_} energy includes the data centre's overhead (PUE), and CO2e is computed
 * from facility energy, as in the ledger.
 */
final class LedgerAggregates {

    private LedgerAggregates() {
    }

    /** Energy and emissions of each phase of each run: {@code by_phase/}. */
    static Dataset<Row> byPhase(Dataset<Row> entries) {
        return entries.groupBy(col("runId").as("run_id"), col("phase"))
                .agg(count(lit(1)).as("entries"), metrics())
                .orderBy("run_id", "first_window_start", "phase");
    }

    /**
     * Energy and emissions of each executor of each run: {@code by_executor/}. Executor ids are
     * per Spark application, so the application is part of the key.
     */
    static Dataset<Row> byExecutor(Dataset<Row> entries) {
        return entries.groupBy(col("runId").as("run_id"), col("applicationId").as("application_id"),
                        col("executorId").as("executor_id"), col("host"))
                .agg(count(lit(1)).as("entries"), metrics(sort_array(collect_set(col("device"))).as("devices"),
                        meanPower().as("mean_it_power_w")))
                .orderBy("run_id", "application_id", "executor_id", "host");
    }

    /** IT joules over the span from first window start to last window end; null for an empty span. */
    private static Column meanPower() {
        Column span = max(col(END_SECONDS)).minus(min(col(START_SECONDS)));
        return when(span.gt(0), sum(col(JOULES)).divide(span));
    }

    /** The energy and emission columns of a group, then {@code more}. */
    private static Column[] metrics(Column... more) {
        Column measured = col(MEASURED);
        Column[] metrics = {
            kwh(col(JOULES)).as("it_kwh"),
            kwh(col(FACILITY_JOULES)).as("facility_kwh"),
            kwh(col("activeJoules")).as("active_it_kwh"),
            kwh(col("idleJoules")).as("idle_it_kwh"),
            kwh(when(measured, col(JOULES)).otherwise(lit(0.0))).as("measured_it_kwh"),
            kwh(when(measured, lit(0.0)).otherwise(col(JOULES))).as("estimated_it_kwh"),
            sum(col("locationGrams")).divide(1000).as("co2e_location_kg"),
            sum(col("marketGrams")).divide(1000).as("co2e_market_kg"),
            sum(col("embodiedGrams")).divide(1000).as("embodied_kg"),
            min(LedgerEntries.timestamp("windowStart")).as("first_window_start"),
            max(LedgerEntries.timestamp("windowEnd")).as("last_window_end"),
        };
        Column[] all = Arrays.copyOf(metrics, metrics.length + more.length);
        System.arraycopy(more, 0, all, metrics.length, more.length);
        return all;
    }

    private static Column kwh(Column joules) {
        return sum(joules).divide(JOULES_PER_KWH);
    }

    /** One {@link RunSummary} per run, by run id. */
    static List<RunSummary> runSummaries(Dataset<Row> entries) {
        Dataset<Row> durations = entries.groupBy("runId", "applicationId")
                .agg(max(col(END_SECONDS)).minus(min(col(START_SECONDS))).as("span"))
                .groupBy("runId")
                .agg(sum("span").as("durationSeconds"), count(lit(1)).as("applications"));
        Column deviceClass = col(DEVICE_CLASS);
        Dataset<Row> totals = entries.groupBy("runId").agg(
                count(lit(1)).as("entries"),
                size(collect_set(struct(col("applicationId"), col("executorId")))).as("executors"),
                sort_array(collect_set(col("host"))).as("hosts"),
                min(col(START_SECONDS)).as("first"),
                max(col(END_SECONDS)).as("last"),
                byClass(JOULES, DeviceClass.CPU), byClass(JOULES, DeviceClass.RAM), byClass(JOULES, DeviceClass.GPU),
                byClass(JOULES, DeviceClass.OTHER), byClass(FACILITY_JOULES, DeviceClass.CPU),
                byClass(FACILITY_JOULES, DeviceClass.RAM), byClass(FACILITY_JOULES, DeviceClass.GPU),
                byClass(FACILITY_JOULES, DeviceClass.OTHER),
                sum(when(col(MEASURED), col(JOULES)).otherwise(lit(0.0))).as("measured"),
                sum("locationGrams").as("location"),
                sum("marketGrams").as("market"),
                sum("embodiedGrams").as("embodied"),
                max(when(col("device").isin(DeviceClass.PROCESS_ESTIMATE_DEVICES.toArray()), lit(1))
                        .otherwise(lit(0))).as("processEstimate"),
                sort_array(collect_set(when(deviceClass.equalTo(DeviceClass.GPU.code()), col("device")))).as("gpus"),
                sort_array(collect_set(col("zone"))).as("zones"),
                sort_array(collect_set(col("pue"))).as("pues"),
                sort_array(collect_set(col("pueSource"))).as("pueSources"),
                sort_array(collect_set(col("intensitySource"))).as("intensitySources"),
                sort_array(collect_set(col("marketSource"))).as("marketSources"),
                sort_array(collect_set(col("embodiedSource"))).as("embodiedSources"));
        List<RunSummary> runs = new ArrayList<>();
        for (Row row : totals.join(durations, "runId").orderBy("runId").collectAsList()) {
            runs.add(new RunSummary(row.getAs("runId"), row.<Long>getAs("entries"), row.<Long>getAs("applications"),
                    row.<Integer>getAs("executors"), row.getList(row.fieldIndex("hosts")),
                    row.<Double>getAs("first"), row.<Double>getAs("last"), row.<Double>getAs("durationSeconds"),
                    row.<Double>getAs("cpu_" + JOULES), row.<Double>getAs("ram_" + JOULES),
                    row.<Double>getAs("gpu_" + JOULES), row.<Double>getAs("other_" + JOULES),
                    row.<Double>getAs("cpu_" + FACILITY_JOULES), row.<Double>getAs("ram_" + FACILITY_JOULES),
                    row.<Double>getAs("gpu_" + FACILITY_JOULES), row.<Double>getAs("other_" + FACILITY_JOULES),
                    row.<Double>getAs("measured"), row.<Double>getAs("location"), row.<Double>getAs("market"),
                    row.<Double>getAs("embodied"), row.<Integer>getAs("processEstimate") == 1,
                    row.getList(row.fieldIndex("gpus")), row.getList(row.fieldIndex("zones")),
                    row.getList(row.fieldIndex("pues")), row.getList(row.fieldIndex("pueSources")),
                    row.getList(row.fieldIndex("intensitySources")), row.getList(row.fieldIndex("marketSources")),
                    row.getList(row.fieldIndex("embodiedSources"))));
        }
        return runs;
    }

    /**
     * Per run, where its estimated energy comes from: the distinct provenances of its entries that were not measured
     * (the model and its parameters, e.g. {@code estimated: 2 cores x 0.74-3.5 W/core ...}), sorted; runs without an
     * estimate are absent.
     */
    static Map<String, List<String>> estimateSources(Dataset<Row> entries) {
        Map<String, List<String>> sources = new TreeMap<>();
        for (Row row : entries.filter(not(col(MEASURED)).and(col(JOULES).gt(0)))
                .select("runId", "provenance").distinct().orderBy("runId", "provenance").collectAsList()) {
            sources.computeIfAbsent(row.getString(0), run -> new ArrayList<>())
                    .add(Objects.requireNonNullElse(row.getString(1), "unnamed model"));
        }
        return sources;
    }

    private static Column byClass(String joules, DeviceClass deviceClass) {
        return sum(when(col(DEVICE_CLASS).equalTo(deviceClass.code()), col(joules)).otherwise(lit(0.0)))
                .as(deviceClass.code() + "_" + joules);
    }

    /**
     * The energy and emission figures of a group of entries: a row's columns after its key in {@code by_phase/} and
     * {@code by_executor/}.
     *
     * @param firstWindowStart the earliest window start, microseconds since the epoch (UTC)
     * @param lastWindowEnd    the latest window end, microseconds since the epoch (UTC)
     */
    record Metrics(double itKwh, double facilityKwh, double activeItKwh, double idleItKwh, double measuredItKwh,
                   double estimatedItKwh, double locationKg, double marketKg, double embodiedKg, long firstWindowStart,
                   long lastWindowEnd) {

        /** The Parquet columns, in order. */
        static final List<ParquetTable.Column> COLUMNS = List.of(ParquetTable.Column.of("it_kwh", Type.DOUBLE),
                ParquetTable.Column.of("facility_kwh", Type.DOUBLE), ParquetTable.Column.of("active_it_kwh", Type.DOUBLE),
                ParquetTable.Column.of("idle_it_kwh", Type.DOUBLE), ParquetTable.Column.of("measured_it_kwh", Type.DOUBLE),
                ParquetTable.Column.of("estimated_it_kwh", Type.DOUBLE), ParquetTable.Column.of("co2e_location_kg", Type.DOUBLE),
                ParquetTable.Column.of("co2e_market_kg", Type.DOUBLE), ParquetTable.Column.of("embodied_kg", Type.DOUBLE),
                ParquetTable.Column.of("first_window_start", Type.TIMESTAMP), ParquetTable.Column.of("last_window_end", Type.TIMESTAMP));

        List<Object> values() {
            return List.of(itKwh, facilityKwh, activeItKwh, idleItKwh, measuredItKwh, estimatedItKwh, locationKg,
                    marketKg, embodiedKg, firstWindowStart, lastWindowEnd);
        }

        /** The figures of a {@code by_phase/} or {@code by_executor/} row read back with Spark. */
        static Metrics of(Row row) {
            return new Metrics(row.getAs("it_kwh"), row.getAs("facility_kwh"), row.getAs("active_it_kwh"),
                    row.getAs("idle_it_kwh"), row.getAs("measured_it_kwh"), row.getAs("estimated_it_kwh"),
                    row.getAs("co2e_location_kg"), row.getAs("co2e_market_kg"), row.getAs("embodied_kg"),
                    micros(row.getAs("first_window_start")), micros(row.getAs("last_window_end")));
        }

        private static long micros(Object timestamp) {
            java.time.Instant instant = timestamp instanceof Timestamp ts ? ts.toInstant() : (java.time.Instant) timestamp;
            return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, instant);
        }

        /** The first window start as epoch seconds. */
        double firstWindowStartSeconds() {
            return firstWindowStart / 1e6;
        }
    }

    /** A row of {@code by_phase/}: one phase of one run. */
    record PhaseTotals(String runId, String phase, long entries, Metrics metrics) {

        static final List<ParquetTable.Column> COLUMNS = columns(List.of(ParquetTable.Column.of("run_id", Type.TEXT),
                ParquetTable.Column.of("phase", Type.TEXT), ParquetTable.Column.required("entries", Type.LONG)), List.of());

        Object[] values() {
            return row(List.of(runId, phase, entries), metrics, List.of());
        }
    }

    /** A row of {@code by_executor/}: one executor (of one application) of one run, on one host. */
    record ExecutorTotals(String runId, String applicationId, String executorId, String host, long entries,
                          Metrics metrics, List<String> devices, Double meanItPowerW) {

        static final List<ParquetTable.Column> COLUMNS = columns(List.of(ParquetTable.Column.of("run_id", Type.TEXT),
                ParquetTable.Column.of("application_id", Type.TEXT), ParquetTable.Column.of("executor_id", Type.TEXT),
                ParquetTable.Column.of("host", Type.TEXT), ParquetTable.Column.required("entries", Type.LONG)),
                List.of(ParquetTable.Column.required("devices", Type.TEXT_LIST), ParquetTable.Column.of("mean_it_power_w", Type.DOUBLE)));

        Object[] values() {
            List<Object> after = new ArrayList<>();
            after.add(devices);
            after.add(meanItPowerW);
            List<Object> key = new ArrayList<>(Arrays.asList(runId, applicationId, executorId, host, entries));
            return row(key, metrics, after);
        }
    }

    private static List<ParquetTable.Column> columns(List<ParquetTable.Column> key, List<ParquetTable.Column> after) {
        List<ParquetTable.Column> all = new ArrayList<>(key);
        all.addAll(Metrics.COLUMNS);
        all.addAll(after);
        return List.copyOf(all);
    }

    private static Object[] row(List<Object> key, Metrics metrics, List<Object> after) {
        List<Object> all = new ArrayList<>(key);
        all.addAll(metrics.values());
        all.addAll(after);
        return all.toArray();
    }

    /** {@code by_phase/} as written by {@link #byPhase(Dataset)}, read back: its rows, in order. */
    static List<PhaseTotals> phaseTotals(Dataset<Row> byPhase) {
        return byPhase.collectAsList().stream().map(row -> new PhaseTotals(row.getAs("run_id"), row.getAs("phase"),
                row.<Long>getAs("entries"), Metrics.of(row))).toList();
    }

    /** {@code by_executor/} as written by {@link #byExecutor(Dataset)}, read back: its rows, in order. */
    static List<ExecutorTotals> executorTotals(Dataset<Row> byExecutor) {
        return byExecutor.collectAsList().stream().map(row -> new ExecutorTotals(row.getAs("run_id"),
                row.getAs("application_id"), row.getAs("executor_id"), row.getAs("host"), row.<Long>getAs("entries"),
                Metrics.of(row), List.copyOf(row.<String>getList(row.fieldIndex("devices"))),
                row.getAs("mean_it_power_w"))).toList();
    }

    /** The sums behind {@link Metrics}, added in the order the entries come. */
    private static final class Sums {
        long entries;
        double joules;
        double facilityJoules;
        double activeJoules;
        double idleJoules;
        double measuredJoules;
        double estimatedJoules;
        double locationGrams;
        double marketGrams;
        double embodiedGrams;
        long firstStartMicros = Long.MAX_VALUE;
        long lastEndMicros = Long.MIN_VALUE;
        double firstStartSeconds = Double.POSITIVE_INFINITY;
        double lastEndSeconds = Double.NEGATIVE_INFINITY;
        final Set<String> devices = new TreeSet<>();

        Sums add(EnergyLine entry) {
            entries++;
            joules += entry.joules;
            facilityJoules += entry.facilityJoules;
            activeJoules += entry.real("activeJoules");
            idleJoules += entry.real("idleJoules");
            measuredJoules += entry.measured ? entry.joules : 0.0;
            estimatedJoules += entry.measured ? 0.0 : entry.joules;
            locationGrams += entry.real("locationGrams");
            marketGrams += entry.real("marketGrams");
            embodiedGrams += entry.real("embodiedGrams");
            firstStartMicros = Math.min(firstStartMicros, entry.startMicros);
            lastEndMicros = Math.max(lastEndMicros, entry.endMicros);
            firstStartSeconds = Math.min(firstStartSeconds, entry.startSeconds);
            lastEndSeconds = Math.max(lastEndSeconds, entry.endSeconds);
            devices.add(entry.device());
            return this;
        }

        Metrics metrics() {
            return new Metrics(joules / JOULES_PER_KWH, facilityJoules / JOULES_PER_KWH, activeJoules / JOULES_PER_KWH,
                    idleJoules / JOULES_PER_KWH, measuredJoules / JOULES_PER_KWH, estimatedJoules / JOULES_PER_KWH,
                    locationGrams / 1000, marketGrams / 1000, embodiedGrams / 1000, firstStartMicros, lastEndMicros);
        }
    }

    /** {@code entries} grouped by {@code key}, in the order each group first appears. */
    private static <K> Map<K, Sums> sums(List<EnergyLine> entries, Function<EnergyLine, K> key) {
        Map<K, Sums> groups = new LinkedHashMap<>();
        entries.forEach(entry -> groups.computeIfAbsent(key.apply(entry), k -> new Sums()).add(entry));
        return groups;
    }

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    /** {@link #byPhase(Dataset)} over lines read without Spark. */
    static List<PhaseTotals> byPhase(List<EnergyLine> entries) {
        List<PhaseTotals> rows = new ArrayList<>();
        sums(entries, entry -> Arrays.asList(entry.runId(), entry.phase())).forEach((key, sums) ->
                rows.add(new PhaseTotals(key.get(0), key.get(1), sums.entries, sums.metrics())));
        rows.sort(Comparator.comparing(PhaseTotals::runId, NULLS_FIRST)
                .thenComparingLong(row -> row.metrics().firstWindowStart())
                .thenComparing(PhaseTotals::phase, NULLS_FIRST));
        return rows;
    }

    /** {@link #byExecutor(Dataset)} over lines read without Spark. */
    static List<ExecutorTotals> byExecutor(List<EnergyLine> entries) {
        List<ExecutorTotals> rows = new ArrayList<>();
        sums(entries, entry -> Arrays.asList(entry.runId(), entry.applicationId(), entry.executorId(), entry.host()))
                .forEach((key, sums) -> {
                    double span = sums.lastEndSeconds - sums.firstStartSeconds;
                    rows.add(new ExecutorTotals(key.get(0), key.get(1), key.get(2), key.get(3), sums.entries,
                            sums.metrics(), List.copyOf(sums.devices), span > 0 ? sums.joules / span : null));
                });
        rows.sort(Comparator.comparing(ExecutorTotals::runId, NULLS_FIRST)
                .thenComparing(ExecutorTotals::applicationId, NULLS_FIRST)
                .thenComparing(ExecutorTotals::executorId, NULLS_FIRST)
                .thenComparing(ExecutorTotals::host, NULLS_FIRST));
        return rows;
    }

    /** {@link #runSummaries(Dataset)} over lines read without Spark. */
    static List<RunSummary> runSummaries(List<EnergyLine> entries) {
        Map<String, List<EnergyLine>> byRun = new TreeMap<>();
        entries.forEach(entry -> byRun.computeIfAbsent(entry.runId(), run -> new ArrayList<>()).add(entry));
        List<RunSummary> runs = new ArrayList<>();
        byRun.forEach((runId, lines) -> {
            double duration = 0;
            Map<List<String>, Sums> applications = sums(lines, entry -> Arrays.asList(entry.applicationId()));
            for (Sums application : applications.values()) {
                duration += application.lastEndSeconds - application.firstStartSeconds;
            }
            Set<List<String>> executors = new HashSet<>();
            double[] joules = new double[DeviceClass.values().length];
            double[] facilityJoules = new double[DeviceClass.values().length];
            Sums all = new Sums();
            boolean processEstimate = false;
            TreeSet<String> hosts = new TreeSet<>();
            TreeSet<String> gpus = new TreeSet<>();
            TreeSet<String> zones = new TreeSet<>();
            TreeSet<Double> pues = new TreeSet<>();
            TreeSet<String> pueSources = new TreeSet<>();
            TreeSet<String> intensitySources = new TreeSet<>();
            TreeSet<String> marketSources = new TreeSet<>();
            TreeSet<String> embodiedSources = new TreeSet<>();
            for (EnergyLine entry : lines) {
                all.add(entry);
                executors.add(Arrays.asList(entry.applicationId(), entry.executorId()));
                int deviceClass = DeviceClass.of(entry.device()).ordinal();
                joules[deviceClass] += entry.joules;
                facilityJoules[deviceClass] += entry.facilityJoules;
                processEstimate |= DeviceClass.PROCESS_ESTIMATE_DEVICES.contains(entry.device());
                addIfPresent(hosts, entry.host());
                if (entry.deviceClass.equals(DeviceClass.GPU.code())) {
                    gpus.add(entry.device());
                }
                addIfPresent(zones, entry.text("zone"));
                pues.add(entry.real("pue"));
                addIfPresent(pueSources, entry.text("pueSource"));
                addIfPresent(intensitySources, entry.text("intensitySource"));
                addIfPresent(marketSources, entry.text("marketSource"));
                addIfPresent(embodiedSources, entry.text("embodiedSource"));
            }
            int cpu = DeviceClass.CPU.ordinal();
            int ram = DeviceClass.RAM.ordinal();
            int gpu = DeviceClass.GPU.ordinal();
            int other = DeviceClass.OTHER.ordinal();
            runs.add(new RunSummary(runId, all.entries, applications.size(), executors.size(), List.copyOf(hosts),
                    all.firstStartSeconds, all.lastEndSeconds, duration, joules[cpu], joules[ram], joules[gpu],
                    joules[other], facilityJoules[cpu], facilityJoules[ram], facilityJoules[gpu], facilityJoules[other],
                    all.measuredJoules, all.locationGrams, all.marketGrams, all.embodiedGrams, processEstimate,
                    List.copyOf(gpus), List.copyOf(zones), List.copyOf(pues), List.copyOf(pueSources),
                    List.copyOf(intensitySources), List.copyOf(marketSources), List.copyOf(embodiedSources)));
        });
        return runs;
    }

    private static void addIfPresent(Set<String> values, String value) {
        if (value != null) {
            values.add(value);
        }
    }

    /** {@link #estimateSources(Dataset)} over lines read without Spark. */
    static Map<String, List<String>> estimateSources(List<EnergyLine> entries) {
        Map<String, TreeSet<String>> provenances = new TreeMap<>();
        Map<String, Boolean> unnamed = new TreeMap<>();
        for (EnergyLine entry : entries) {
            if (!entry.measured && entry.joules > 0) {
                if (entry.text("provenance") == null) {
                    unnamed.put(entry.runId(), true);
                }
                TreeSet<String> named = provenances.computeIfAbsent(entry.runId(), run -> new TreeSet<>());
                if (entry.text("provenance") != null) {
                    named.add(entry.text("provenance"));
                }
            }
        }
        Map<String, List<String>> sources = new TreeMap<>();
        provenances.forEach((run, named) -> {
            List<String> list = new ArrayList<>();
            if (unnamed.containsKey(run)) {
                list.add("unnamed model");
            }
            list.addAll(named);
            sources.put(run, list);
        });
        return sources;
    }
}
