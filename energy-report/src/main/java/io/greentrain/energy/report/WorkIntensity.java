package io.greentrain.energy.report;

import static io.greentrain.energy.api.EnergyUnits.JOULES_PER_KWH;
import static io.greentrain.energy.report.LedgerEntries.FACILITY_JOULES;
import static io.greentrain.energy.report.LedgerEntries.JOULES;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import io.greentrain.energy.ledger.WorkRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Energy and emissions per unit of work, from a ledger alone: the energy entries of a phase group
 * (or of a whole run) divided by the work records of the same phase group (or run), for each unit
 * recorded there (tokens, examples, sequences, ...).
 *
 * <p>A phase group is a phase's first path element ({@link Phases#group}): {@code train/epoch-1} and
 * {@code train/epoch-2} are both {@code train}. A row with a null {@link #phaseGroup} covers the whole run: every energy
 * entry of the run (idle and other phases included) over every work record of that unit in the run.
 * Rows exist only for units that were recorded; energy without work gets none. Event lines ({@link
 * WorkRecord#isEvent}: {@code target-reached}, {@code early-stop-<reason>}) say when something happened, not what
 * work was done: they get no row, so they are no functional unit either ({@link SciScore}).
 *
 * @param runId          the run
 * @param phaseGroup     the phase group, or null for the whole run
 * @param unit           the unit of work
 * @param amount         units recorded (work records added up)
 * @param workRecords    work records added up
 * @param itJoules       energy the devices drew in that scope
 * @param facilityJoules that energy times PUE
 * @param locationGrams  location-based gCO2e in that scope (PUE included, as in the ledger)
 */
public record WorkIntensity(String runId, String phaseGroup, String unit, long amount, long workRecords, double itJoules,
                     double facilityJoules, double locationGrams) {

    /** Parquet columns of {@code per_unit/}, in order. */
    static final List<ParquetTable.Column> COLUMNS = List.of(
            ParquetTable.Column.required("run_id", ParquetTable.Type.TEXT),
            ParquetTable.Column.of("phase_group", ParquetTable.Type.TEXT),
            ParquetTable.Column.required("unit", ParquetTable.Type.TEXT),
            ParquetTable.Column.required("amount", ParquetTable.Type.LONG),
            ParquetTable.Column.required("work_records", ParquetTable.Type.LONG),
            ParquetTable.Column.required("it_joules", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.required("facility_joules", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.required("co2e_location_grams", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.of("it_joules_per_unit", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.of("facility_joules_per_unit", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.of("facility_kwh_per_unit", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.of("co2e_location_grams_per_unit", ParquetTable.Type.DOUBLE),
            ParquetTable.Column.of("co2e_location_grams_per_million_units", ParquetTable.Type.DOUBLE));

    /** {@link #COLUMNS} as a Spark schema (built on demand, so that the local engine loads no Spark class). */
    static StructType schema() {
        StructType schema = new StructType();
        for (ParquetTable.Column column : COLUMNS) {
            schema = schema.add(column.name(), column.type() == ParquetTable.Type.TEXT ? DataTypes.StringType
                    : column.type() == ParquetTable.Type.LONG ? DataTypes.LongType : DataTypes.DoubleType,
                    column.nullable());
        }
        return schema;
    }

    private static final String GROUP = "phaseGroup";

    /** By run, then phase groups by name with the whole run last, then unit. */
    static final Comparator<WorkIntensity> ORDER = Comparator.comparing(WorkIntensity::runId)
            .thenComparing(WorkIntensity::phaseGroup, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(WorkIntensity::unit);

    /** IT joules per unit; NaN when no unit was recorded (amount 0). */
    public double itJoulesPerUnit() {
        return perUnit(itJoules);
    }

    /** Joules with PUE per unit; NaN when amount is 0. */
    public double facilityJoulesPerUnit() {
        return perUnit(facilityJoules);
    }

    /** kWh with PUE per unit; NaN when amount is 0. */
    public double facilityKwhPerUnit() {
        return perUnit(facilityJoules / JOULES_PER_KWH);
    }

    /** Location-based gCO2e (PUE included) per unit; NaN when amount is 0. */
    public double gco2ePerUnit() {
        return perUnit(locationGrams);
    }

    /** Location-based gCO2e (PUE included) per million units; NaN when amount is 0. */
    public double gco2ePerMillionUnits() {
        return perUnit(locationGrams * 1e6);
    }

    private double perUnit(double total) {
        return amount > 0 ? total / amount : Double.NaN;
    }

    /** {@code train} or {@code whole run}, for people. */
    public String scope() {
        return phaseGroup == null ? "whole run" : phaseGroup;
    }

    /** {@link WorkRecord#isEvent(String)} as a Spark column over {@code unit}. */
    static Column isEvent(Column unit) {
        return unit.equalTo(WorkRecord.TARGET_REACHED).or(unit.startsWith(WorkRecord.EARLY_STOP_PREFIX));
    }

    /** {@link Phases#group} as a Spark column over {@code phase}. */
    static Column phaseGroupOf(Column phase) {
        return substring_index(phase, Phases.SEPARATOR, 1);
    }

    /**
     * The rows of {@code entries} (with {@link LedgerEntries#withDerivedColumns}) and {@code work}
     * ({@link LedgerEntries#WORK_SCHEMA}), in {@link #ORDER}. Runs a few small Spark jobs; the
     * result has one row per run, phase group and unit recorded, plus one per run and unit.
     */
    static List<WorkIntensity> of(Dataset<Row> entries, Dataset<Row> work) {
        Dataset<Row> groupedEntries = entries.withColumn(GROUP, phaseGroupOf(col("phase")));
        Dataset<Row> groupedWork = work.filter(not(isEvent(col("unit")))).withColumn(GROUP, phaseGroupOf(col("phase")));
        List<WorkIntensity> rows = new ArrayList<>();
        rows.addAll(collect(groupedEntries, groupedWork, List.of("runId", GROUP)));
        rows.addAll(collect(groupedEntries, groupedWork, List.of("runId")));
        rows.sort(ORDER);
        return rows;
    }

    /** {@link #of(Dataset, Dataset)} over lines read without Spark ({@link LedgerLines}). */
    static List<WorkIntensity> of(List<LedgerLines.EnergyLine> entries, List<WorkRecord> work) {
        List<WorkRecord> done = work.stream().filter(record -> !record.isEvent()).toList();
        List<WorkIntensity> rows = new ArrayList<>();
        rows.addAll(collect(entries, done, true));
        rows.addAll(collect(entries, done, false));
        rows.sort(ORDER);
        return rows;
    }

    private static List<WorkIntensity> collect(List<LedgerLines.EnergyLine> entries, List<WorkRecord> work,
                                               boolean byGroup) {
        Map<List<String>, double[]> energy = new HashMap<>();
        for (LedgerLines.EnergyLine entry : entries) {
            double[] sums = energy.computeIfAbsent(key(entry.runId(), entry.phase(), byGroup), k -> new double[3]);
            sums[0] += entry.joules;
            sums[1] += entry.facilityJoules;
            sums[2] += entry.real("locationGrams");
        }
        Map<List<String>, long[]> units = new LinkedHashMap<>();
        for (WorkRecord record : work) {
            List<String> key = new ArrayList<>(key(record.runId(), record.phase(), byGroup));
            key.add(record.unit());
            long[] sums = units.computeIfAbsent(key, k -> new long[2]);
            sums[0] += record.amount();
            sums[1]++;
        }
        List<WorkIntensity> rows = new ArrayList<>();
        units.forEach((key, sums) -> {
            double[] joules = energy.getOrDefault(key.subList(0, key.size() - 1), new double[3]);
            rows.add(new WorkIntensity(key.get(0), byGroup ? key.get(1) : null, key.get(key.size() - 1), sums[0],
                    sums[1], joules[0], joules[1], joules[2]));
        });
        return rows;
    }

    private static List<String> key(String runId, String phase, boolean byGroup) {
        return byGroup ? Arrays.asList(runId, Phases.group(phase)) : List.of(runId);
    }

    private static List<WorkIntensity> collect(Dataset<Row> entries, Dataset<Row> work, List<String> keys) {
        Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
        Dataset<Row> energy = entries.groupBy(keyColumns).agg(sum(JOULES).as("itJoules"),
                sum(FACILITY_JOULES).as("facilityJoules"), sum("locationGrams").as("locationGrams"));
        List<String> workKeys = new ArrayList<>(keys);
        workKeys.add("unit");
        Dataset<Row> units = work.groupBy(workKeys.stream().map(k -> col(k)).toArray(Column[]::new))
                .agg(sum("amount").as("amount"), count(lit(1)).as("workRecords"));
        boolean byGroup = keys.contains(GROUP);
        List<WorkIntensity> rows = new ArrayList<>();
        for (Row row : units.join(energy, scala.collection.JavaConverters.asScalaBuffer(keys).toSeq(), "left")
                .collectAsList()) {
            rows.add(new WorkIntensity(row.getAs("runId"), byGroup ? row.getAs(GROUP) : null, row.getAs("unit"),
                    row.<Long>getAs("amount"), row.<Long>getAs("workRecords"), orZero(row, "itJoules"),
                    orZero(row, "facilityJoules"), orZero(row, "locationGrams")));
        }
        return rows;
    }

    private static double orZero(Row row, String field) {
        return row.isNullAt(row.fieldIndex(field)) ? 0.0 : row.<Double>getAs(field);
    }

    /** {@code rows} as a Spark table of {@link #schema()}, per-unit figures null where amount is 0. */
    static Dataset<Row> toDataset(SparkSession spark, List<WorkIntensity> rows) {
        List<Row> out = new ArrayList<>();
        for (WorkIntensity r : rows) {
            out.add(RowFactory.create(r.values()));
        }
        return spark.createDataFrame(out, schema());
    }

    /** The row's values in {@link #COLUMNS}' order, per-unit figures null where amount is 0. */
    Object[] values() {
        return new Object[] {runId, phaseGroup, unit, amount, workRecords, itJoules, facilityJoules, locationGrams,
            nullIfNaN(itJoulesPerUnit()), nullIfNaN(facilityJoulesPerUnit()), nullIfNaN(facilityKwhPerUnit()),
            nullIfNaN(gco2ePerUnit()), nullIfNaN(gco2ePerMillionUnits())};
    }

    /** {@code per_unit.json}: {@code {"perUnit": [ {runId, phaseGroup, unit, amount, ...}, ... ]}}. */
    static ObjectNode toJson(List<WorkIntensity> rows) {
        ObjectNode root = ReportFiles.newObject();
        ArrayNode list = root.putArray("perUnit");
        for (WorkIntensity r : rows) {
            ObjectNode node = list.addObject();
            node.put("runId", r.runId);
            node.put("phaseGroup", r.phaseGroup);
            node.put("unit", r.unit);
            node.put("amount", r.amount);
            node.put("workRecords", r.workRecords);
            node.put("itJoules", r.itJoules);
            node.put("facilityJoules", r.facilityJoules);
            node.put("facilityKwh", r.facilityJoules / JOULES_PER_KWH);
            node.put("co2eLocationGrams", r.locationGrams);
            node.put("itJoulesPerUnit", nullIfNaN(r.itJoulesPerUnit()));
            node.put("facilityJoulesPerUnit", nullIfNaN(r.facilityJoulesPerUnit()));
            node.put("facilityKwhPerUnit", nullIfNaN(r.facilityKwhPerUnit()));
            node.put("gco2ePerUnit", nullIfNaN(r.gco2ePerUnit()));
            node.put("gco2ePerMillionUnits", nullIfNaN(r.gco2ePerMillionUnits()));
        }
        return root;
    }

    /**
     * One line for {@code ledger report}'s printout, in {@link EnergyUnits}' human units, e.g. {@code run-a train:
     * 900 examples, 3.333 mWh/example (IT), 5 mWh/example with PUE, 2 mg CO2e/example, 2 kg CO2e per million
     * examples}.
     */
    public String describe() {
        String single = singleUnit();
        return String.format(Locale.ROOT, "%s %s: %,d %s, %s/%s (IT), %s/%s with PUE, %s CO2e/%s, %s CO2e per million "
                        + "%s", runId, scope(), amount, unit, EnergyUnits.energy(itJoulesPerUnit()), single,
                EnergyUnits.energy(facilityJoulesPerUnit()), single, EnergyUnits.mass(gco2ePerUnit()), single,
                EnergyUnits.mass(gco2ePerMillionUnits()), unit);
    }

    /** The unit for one of it: {@code example} for {@code examples}, {@code token} for {@code tokens}. */
    public String singleUnit() {
        return unit.endsWith("s") && unit.length() > 1 ? unit.substring(0, unit.length() - 1) : unit;
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
