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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's aggregates of ledger entries (as given by {@link LedgerEntries#withDerivedColumns}).
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
}
