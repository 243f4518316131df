package io.greentrain.jobs.ledger;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;

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
 * Finds a ledger's segment files and reads their entries with Spark, checked and without repeats.
 *
 * <p>A ledger is {@code LEDGER/run=<runId>/segment-<first>-<last>.jsonl}, one JSON object per line
 * whose keys are the components of {@code io.greentrain.energy.ledger.LedgerEntry}. This class reads
 * that text itself (explicit schema, no inference) so that it depends on the file format only, not
 * on the ledger writer's classes. Driver-only.
 */
final class LedgerEntries {

    /** Segment files below a ledger folder. */
    static final String SEGMENT_GLOB = "run=*/segment-*.jsonl";

    /**
     * The exact name of a segment. Stricter than {@link #SEGMENT_GLOB}, so that a writer's temporary
     * file ({@code .segment-0-9.jsonl}, {@code segment-0-9.jsonl.tmp}, {@code _segment-0-9.jsonl},
     * {@code segment-0-9.tmp.jsonl}) is never read.
     */
    static final Pattern SEGMENT_NAME = Pattern.compile("segment-[0-9]+-[0-9]+\\.jsonl");

    /** The ledger line's fields, in {@code LedgerEntry} order. */
    static final StructType SCHEMA = new StructType(new StructField[] {
        field("applicationId", DataTypes.StringType),
        field("runId", DataTypes.StringType),
        field("sequence", DataTypes.LongType),
        field("executorId", DataTypes.StringType),
        field("host", DataTypes.StringType),
        field("device", DataTypes.StringType),
        field("phase", DataTypes.StringType),
        field("stage", DataTypes.StringType),
        field("windowStart", DataTypes.StringType),
        field("windowEnd", DataTypes.StringType),
        field("activeJoules", DataTypes.DoubleType),
        field("idleJoules", DataTypes.DoubleType),
        field("method", DataTypes.StringType),
        field("provenance", DataTypes.StringType),
        field("pue", DataTypes.DoubleType),
        field("pueSource", DataTypes.StringType),
        field("zone", DataTypes.StringType),
        field("intensityGramsPerKwh", DataTypes.DoubleType),
        field("intensitySource", DataTypes.StringType),
        field("intensityTimestamp", DataTypes.StringType),
        field("marketGramsPerKwh", DataTypes.DoubleType),
        field("marketSource", DataTypes.StringType),
        field("locationGrams", DataTypes.DoubleType),
        field("marketGrams", DataTypes.DoubleType),
        field("embodiedGrams", DataTypes.DoubleType),
        field("embodiedSource", DataTypes.StringType),
        field("previousHash", DataTypes.StringType),
    });

    /**
     * Fields a line must have: the record's primitives and non-null components, and what the report
     * groups by. The others (host, stage, sources, ...) may be null.
     */
    static final List<String> REQUIRED = List.of("runId", "sequence", "executorId", "device", "phase",
            "windowStart", "windowEnd", "activeJoules", "idleJoules", "pue", "intensityGramsPerKwh",
            "marketGramsPerKwh", "locationGrams", "marketGrams", "embodiedGrams", "previousHash");

    static final double JOULES_PER_KWH = 3.6e6;

    /** Device class of an entry in CodeCarbon's terms: {@code cpu}, {@code ram}, {@code gpu} or {@code other}. */
    static final String DEVICE_CLASS = "deviceClass";
    static final String JOULES = "joules";
    static final String FACILITY_JOULES = "facilityJoules";
    static final String MEASURED = "measured";
    static final String START_SECONDS = "startSeconds";
    static final String END_SECONDS = "endSeconds";

    /** Devices whose energy is an estimate for one process rather than a reading of a whole host or device. */
    static final List<String> PROCESS_ESTIMATE_DEVICES = List.of("cpu-estimated", "memory-estimated");

    private static final String CORRUPT = "_corrupt_record";
    private static final String FILE = "_file";
    private static final int QUOTED_LINE_LIMIT = 300;

    private LedgerEntries() {
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /**
     * The segment files of {@code ledgerPaths} (any Hadoop file system), sorted.
     *
     * @throws IllegalArgumentException naming the folder, when a ledger path holds no segment
     */
    static List<String> segmentFiles(List<String> ledgerPaths, Configuration conf) {
        if (ledgerPaths.isEmpty()) {
            throw new IllegalArgumentException("no ledger path given");
        }
        List<String> files = new ArrayList<>();
        for (String ledger : ledgerPaths) {
            Path glob = new Path(new Path(ledger), SEGMENT_GLOB);
            FileStatus[] matches;
            try {
                FileSystem fs = glob.getFileSystem(conf);
                matches = fs.globStatus(glob, path -> SEGMENT_NAME.matcher(path.getName()).matches());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list ledger " + ledger, e);
            }
            List<String> found = matches == null ? List.of() : Arrays.stream(matches)
                    .filter(FileStatus::isFile)
                    .map(status -> status.getPath().toString())
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no ledger segments in " + ledger
                        + " (expected " + ledger + "/run=<runId>/segment-<first>-<last>.jsonl)");
            }
            files.addAll(found);
        }
        return files.stream().distinct().toList();
    }

    /**
     * Reads {@code segmentFiles}: every entry once, columns as in {@link #SCHEMA}. A line repeated
     * verbatim (the same ledger given twice, a copied segment) counts once.
     *
     * @throws IllegalArgumentException naming the file, when a line is not a ledger entry, or when
     *                                  a run has two different entries with the same sequence number
     */
    static Dataset<Row> read(SparkSession spark, List<String> segmentFiles) {
        StructType withCorrupt = SCHEMA.add(CORRUPT, DataTypes.StringType);
        Dataset<Row> lines = spark.read()
                .schema(withCorrupt)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .json(segmentFiles.toArray(String[]::new))
                .withColumn(FILE, input_file_name());
        rejectInvalidLines(lines);

        Dataset<Row> entries = lines.dropDuplicates(SCHEMA.fieldNames());
        List<Row> conflict = entries.groupBy("runId", "sequence")
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
        return entries.select(Arrays.stream(SCHEMA.fieldNames()).map(name -> col(name)).toArray(Column[]::new));
    }

    private static void rejectInvalidLines(Dataset<Row> lines) {
        List<Column> problems = new ArrayList<>();
        for (String name : REQUIRED) {
            problems.add(when(col(name).isNull(), lit("missing " + name)));
        }
        problems.add(when(col("windowStart").isNotNull().and(timestamp("windowStart").isNull()),
                lit("windowStart is not an ISO-8601 instant")));
        problems.add(when(col("windowEnd").isNotNull().and(timestamp("windowEnd").isNull()),
                lit("windowEnd is not an ISO-8601 instant")));
        problems.add(when(col(CORRUPT).isNotNull(), lit("not a JSON object of the ledger's fields")));
        Column problem = concat_ws(", ", problems.toArray(Column[]::new));
        List<Row> invalid = lines
                .withColumn("problem", problem)
                .filter(col("problem").notEqual(""))
                .select(col(FILE), col("problem"), col(CORRUPT), col("runId"), col("sequence"))
                .limit(1)
                .collectAsList();
        if (!invalid.isEmpty()) {
            Row row = invalid.get(0);
            String where = row.isNullAt(2)
                    ? "entry " + row.get(3) + "/" + row.get(4)
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
                .withColumn(DEVICE_CLASS,
                        when(device.isin("cpu-package", "cpu-estimated"), lit("cpu"))
                                .when(device.isin("dram", "memory-estimated"), lit("ram"))
                                .when(device.startsWith("gpu-"), lit("gpu"))
                                .otherwise(lit("other")))
                .withColumn(MEASURED, col("method").isin(MeasurementMethod.COUNTER.code(),
                        MeasurementMethod.POWER_INTEGRATION.code()))
                .withColumn(MEASURED, when(col(MEASURED).isNull(), lit(false)).otherwise(col(MEASURED)))
                .withColumn(START_SECONDS, epochSeconds("windowStart"))
                .withColumn(END_SECONDS, epochSeconds("windowEnd"));
    }
}
