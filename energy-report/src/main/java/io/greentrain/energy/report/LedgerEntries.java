package io.greentrain.energy.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.greentrain.energy.api.DeviceClass;
import io.greentrain.energy.ledger.LedgerField;
import io.greentrain.energy.ledger.LedgerFormat;
import io.greentrain.energy.meter.MeasurementMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Finds a ledger's segment files and reads their lines with Spark, checked and without repeats.
 *
 * <p>A ledger is {@code LEDGER/run=<runId>/segment-<first>-<last>.jsonl}, one JSON object per line.
 * A line without a {@code kind} field is an energy entry, a line with {@code "kind":"work"} a work record; their
 * fields are {@link LedgerFormat}'s lists, and both kinds share the run's sequence numbers. A correction line
 * ({@code "kind":"correction"}: energy that reached the driver after its window was written) is read as an energy
 * entry of its window, so the report's totals include it. Seals, gap lines and lines of other kinds are read past:
 * they hold no energy and no work. Lines of format version
 * 1 ({@code "v":1}) and lines written before versions existed are read alike; any other version is refused. This
 * class reads the text with Spark (a schema derived from {@link LedgerFormat}, no inference) rather than with the
 * ledger writer's codec, so that large ledgers are read in parallel. Driver-only.
 */
final class LedgerEntries {

    /** What {@link #read} found: the energy entries (columns of {@link #SCHEMA}) and the work records ({@link #WORK_SCHEMA}). */
    record Lines(Dataset<Row> entries, Dataset<Row> work) {
    }

    /** Segment files below a ledger folder ({@link LedgerLines#SEGMENT_GLOB}). */
    static final String SEGMENT_GLOB = LedgerLines.SEGMENT_GLOB;

    /** The exact name of a segment ({@link LedgerLines#SEGMENT_NAME}). */
    static final Pattern SEGMENT_NAME = LedgerLines.SEGMENT_NAME;

    /** An energy line's fields, in {@code LedgerEntry} order ({@link LedgerFormat#ENERGY_FIELDS}). */
    static final StructType SCHEMA = schema(LedgerFormat.ENERGY_FIELDS);

    /** The field that marks a work line; absent on energy entries. */
    static final String KIND = LedgerFormat.KIND_FIELD;
    static final String WORK_KIND = LedgerFormat.WORK_KIND;

    /** A work line's fields after {@code kind}, in {@code WorkRecord} order ({@link LedgerFormat#WORK_FIELDS}). */
    static final StructType WORK_SCHEMA = schema(LedgerFormat.WORK_FIELDS);

    /** Fields a work line must have; only {@code applicationId} may be null. */
    static final List<String> WORK_REQUIRED = LedgerFormat.requiredNames(LedgerFormat.WORK_FIELDS);

    /** The field of a line's format version; absent on lines written before the format had versions. */
    private static final String VERSION = LedgerFormat.VERSION_FIELD;

    /** Every field of either kind, and the version: what a line is read with. */
    private static final StructType LINE_SCHEMA = lineSchema();

    /**
     * Fields an energy entry must have: the record's primitives and non-null components, and what the report
     * groups by. The others (host, stage, sources, ...) may be null.
     */
    static final List<String> REQUIRED = LedgerFormat.requiredNames(LedgerFormat.ENERGY_FIELDS);

    /** Device class of an entry in CodeCarbon's terms ({@link DeviceClass#code}): {@code cpu}, {@code ram}, {@code gpu} or {@code other}. */
    static final String DEVICE_CLASS = "deviceClass";
    static final String JOULES = "joules";
    static final String FACILITY_JOULES = "facilityJoules";
    static final String MEASURED = "measured";
    static final String START_SECONDS = "startSeconds";
    static final String END_SECONDS = "endSeconds";

    private static final String CORRUPT = "_corrupt_record";
    private static final String FILE = "_file";
    private static final int QUOTED_LINE_LIMIT = 300;

    private LedgerEntries() {
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /** The Spark schema of {@code fields}, every column nullable (the checks say which must not be null). */
    private static StructType schema(List<LedgerField> fields) {
        return new StructType(fields.stream().map(f -> field(f.name(), sparkType(f.type()))).toArray(StructField[]::new));
    }

    private static DataType sparkType(LedgerField.Type type) {
        return switch (type) {
            case TEXT -> DataTypes.StringType;
            case INTEGER -> DataTypes.LongType;
            case REAL -> DataTypes.DoubleType;
        };
    }

    private static StructType lineSchema() {
        StructType schema = new StructType().add(field(VERSION, DataTypes.LongType)).add(field(KIND, DataTypes.StringType));
        for (StructField energy : SCHEMA.fields()) {
            schema = schema.add(energy);
        }
        List<String> energyNames = Arrays.asList(SCHEMA.fieldNames());
        for (StructField work : WORK_SCHEMA.fields()) {
            if (!energyNames.contains(work.name())) {
                schema = schema.add(work);
            }
        }
        return schema;
    }

    /**
     * The segment files of {@code ledgerPaths} (any Hadoop file system), sorted ({@link LedgerLines#segmentFiles}).
     *
     * @throws IllegalArgumentException naming the folder, when a ledger path holds no segment
     */
    static List<String> segmentFiles(List<String> ledgerPaths, Configuration conf) {
        return LedgerLines.segmentFiles(ledgerPaths, conf);
    }

    /**
     * Reads {@code segmentFiles}: every line once, split by kind; energy entries with the columns of
     * {@link #SCHEMA}, work records with those of {@link #WORK_SCHEMA}. A line repeated verbatim (the
     * same ledger given twice, a copied segment) counts once.
     *
     * @throws IllegalArgumentException naming the file, when a line is not a ledger line of a known
     *                                  kind, or when a run has two different lines with the same
     *                                  sequence number
     */
    static Lines read(SparkSession spark, List<String> segmentFiles) {
        StructType withCorrupt = LINE_SCHEMA.add(CORRUPT, DataTypes.StringType);
        Dataset<Row> lines = spark.read()
                .schema(withCorrupt)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .json(segmentFiles.toArray(String[]::new))
                .withColumn(FILE, input_file_name());
        rejectInvalidLines(lines);

        Dataset<Row> unique = lines.dropDuplicates(LINE_SCHEMA.fieldNames());
        List<Row> conflict = unique.groupBy("runId", "sequence")
                .agg(count(lit(1)).as("versions"), sort_array(collect_set(col(FILE))).as("files"))
                .filter(col("versions").gt(1))
                .orderBy("runId", "sequence")
                .limit(1)
                .collectAsList();
        if (!conflict.isEmpty()) {
            Row row = conflict.get(0);
            throw new IllegalArgumentException("run " + row.getString(0) + " has " + row.getLong(2)
                    + " different entries with sequence " + row.getLong(1) + " (in " + row.getList(3) + ")");
        }
        return new Lines(unique.filter(energyLine()).select(columns(SCHEMA)),
                unique.filter(col(KIND).equalTo(WORK_KIND)).select(columns(WORK_SCHEMA)));
    }

    /** Energy entries, and correction lines, which carry an energy entry's fields for a window already written. */
    private static Column energyLine() {
        return col(KIND).isNull().or(col(KIND).equalTo(LedgerFormat.CORRECTION_KIND));
    }

    private static Column[] columns(StructType schema) {
        return Arrays.stream(schema.fieldNames()).map(name -> col(name)).toArray(Column[]::new);
    }

    private static void rejectInvalidLines(Dataset<Row> lines) {
        Column energy = energyLine();
        Column work = col(KIND).equalTo(WORK_KIND);
        List<Column> problems = new ArrayList<>();
        // Seals and kinds this report does not know (a later writer's) are neither energy nor work: the verifier,
        // which runs before the report, checks their place in the chain, and no figure adds them up.
        problems.add(when(col(KIND).isNotNull().and(trim(col(KIND)).equalTo("")), lit("blank kind")));
        for (String name : REQUIRED) {
            problems.add(when(energy.and(col(name).isNull()), lit("missing " + name)));
        }
        for (String name : WORK_REQUIRED) {
            problems.add(when(work.and(col(name).isNull()), lit("missing " + name)));
        }
        problems.add(when(energy.and(col("windowStart").isNotNull()).and(timestamp("windowStart").isNull()),
                lit("windowStart is not an ISO-8601 instant")));
        problems.add(when(energy.and(col("windowEnd").isNotNull()).and(timestamp("windowEnd").isNull()),
                lit("windowEnd is not an ISO-8601 instant")));
        problems.add(when(work.and(col("recordedAt").isNotNull()).and(timestamp("recordedAt").isNull()),
                lit("recordedAt is not an ISO-8601 instant")));
        problems.add(when(work.and(col("amount").lt(0)), lit("amount is negative")));
        problems.add(when(col(VERSION).isNotNull().and(col(VERSION).notEqual(LedgerFormat.VERSION)),
                concat_ws("", lit("unknown format version "), col(VERSION).cast(DataTypes.StringType),
                        lit(" (this report knows version " + LedgerFormat.VERSION + ", and lines without "
                                + VERSION + ")"))));
        problems.add(when(col(CORRUPT).isNotNull(), lit("not a JSON object of the ledger's fields")));
        Column problem = concat_ws(", ", problems.toArray(Column[]::new));
        List<Row> invalid = lines
                .withColumn("problem", problem)
                .filter(col("problem").notEqual(""))
                .select(col(FILE), col("problem"), col(CORRUPT), col("runId"), col("sequence"), col(KIND))
                .limit(1)
                .collectAsList();
        if (!invalid.isEmpty()) {
            Row row = invalid.get(0);
            String what = WORK_KIND.equals(row.get(5)) ? "work record " : "entry ";
            String where = row.isNullAt(2)
                    ? what + row.get(3) + "/" + row.get(4)
                    : "line " + quote(row.getString(2));
            throw new IllegalArgumentException("ledger segment " + row.getString(0) + " has an invalid " + where
                    + ": " + row.getString(1));
        }
    }

    private static String quote(String line) {
        String trimmed = line.strip();
        return "'" + (trimmed.length() > QUOTED_LINE_LIMIT ? trimmed.substring(0, QUOTED_LINE_LIMIT) + "..." : trimmed)
                + "'";
    }

    /** {@code column} (ISO-8601 text) as a timestamp, or null when it is not one; never throws, ANSI mode or not. */
    static Column timestamp(String column) {
        return expr("try_cast(`" + column + "` AS TIMESTAMP)");
    }

    private static Column epochSeconds(String column) {
        return expr("unix_micros(try_cast(`" + column + "` AS TIMESTAMP)) / 1e6");
    }

    /** {@link DeviceClass#of} as a Spark column over {@code device}, built from the classes' own names and prefixes. */
    static Column deviceClass(Column device) {
        Column classified = null;
        for (DeviceClass deviceClass : DeviceClass.values()) {
            Column matches = null;
            if (!deviceClass.devices().isEmpty()) {
                matches = device.isin(deviceClass.devices().toArray());
            }
            if (deviceClass.prefix() != null) {
                Column prefixed = device.startsWith(deviceClass.prefix());
                matches = matches == null ? prefixed : matches.or(prefixed);
            }
            if (matches != null) {
                classified = classified == null ? when(matches, lit(deviceClass.code()))
                        : classified.when(matches, lit(deviceClass.code()));
            }
        }
        return classified.otherwise(lit(DeviceClass.OTHER.code()));
    }

    /**
     * {@code entries} with the columns the aggregates need: {@link #JOULES} (IT energy),
     * {@link #FACILITY_JOULES} (times PUE), {@link #DEVICE_CLASS}, {@link #MEASURED} (from a counter or
     * power integration rather than an estimate) and the window as epoch seconds.
     */
    static Dataset<Row> withDerivedColumns(Dataset<Row> entries) {
        Column device = col("device");
        return entries
                .withColumn(JOULES, col("activeJoules").plus(col("idleJoules")))
                .withColumn(FACILITY_JOULES, col(JOULES).multiply(col("pue")))
                .withColumn(DEVICE_CLASS, deviceClass(device))
                // "counter, split by CPU time share": a host counter's reading, shared out among executors.
                .withColumn(MEASURED, col("method").isin(MeasurementMethod.COUNTER.code(),
                        MeasurementMethod.POWER_INTEGRATION.code())
                        .or(col("method").startsWith(MeasurementMethod.COUNTER.code() + ",")))
                .withColumn(MEASURED, when(col(MEASURED).isNull(), lit(false)).otherwise(col(MEASURED)))
                .withColumn(START_SECONDS, epochSeconds("windowStart"))
                .withColumn(END_SECONDS, epochSeconds("windowEnd"));
    }
}
