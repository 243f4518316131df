package io.greentrain.preprocessing.tabular;

import static io.greentrain.preprocessing.ColumnNames.quoted;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import scala.Tuple2;

/**
 * The cleaning step for delimited text: parse every line against the declared columns, quarantine
 * what fails with a reason, remove exact duplicates, apply outlier rules, and count it all.
 *
 * <p>Every data line ends in exactly one of three outputs (kept, quarantine, duplicates), so
 * nothing is lost silently. Lines are identified by file and byte offset, which stays stable
 * however the input is split, and makes the choice of which duplicate to keep (the first by file,
 * then offset) deterministic.
 *
 * <p>Limitation: each record must sit on one line; a quoted field that spans lines makes both
 * halves {@code malformed_row}.
 */
public final class TabularCleaner {

    /** Column of the cleaned output that names the file a row came from. */
    public static final String SOURCE_FILE = CsvRowParser.SOURCE_FILE;
    /** Column of the cleaned output with the byte offset of the row's line in its file. */
    public static final String SOURCE_OFFSET = CsvRowParser.SOURCE_OFFSET;

    /** How many quarantined rows of each reason and column the report quotes. */
    public static final int EXAMPLES_PER_GROUP = 3;

    private static final String BLANK_LINE = "\u0000blank";
    private static final String STATUS = "_status";
    private static final String KEPT = "kept";
    private static final String QUARANTINED = "quarantined";
    private static final String DUPLICATE = "duplicate";
    private static final String BLANK = "blank";
    private static final String CLIPPED = "_clipped";
    private static final String DUPLICATE_OF_FILE = "_duplicate_of_file";
    private static final String DUPLICATE_OF_OFFSET = "_duplicate_of_offset";
    private static final String ROW_HASH_HIGH = "_row_hash_high";
    private static final String ROW_HASH_LOW = "_row_hash_low";
    private static final String SHARED_HIGH = "_shared_high";
    private static final String SHARED_LOW = "_shared_low";
    private static final String FOUND_FILE = "_found_file";
    private static final String FOUND_OFFSET = "_found_offset";
    /** Hashed before the declared values by the second row hash, to start it from another seed. */
    private static final long SECOND_HASH_SALT = 0x9E3779B97F4A7C15L;

    /**
     * Most rows of the duplicate search's intermediate results (shared hashes, duplicates found) sent whole to
     * every task; more are joined by a shuffle instead. A million rows of two longs is about 16 MB.
     */
    static final long BROADCAST_ROWS = 1_000_000L;

    /**
     * Input bytes (as stored, compressed or not) per partition of the cleaned rows, and so per output file, and per
     * partition of the duplicate search's shuffles: a table of a few megabytes is one partition and written as a
     * handful of files rather than {@code spark.sql.shuffle.partitions} (200 by default) mostly empty tasks and files.
     */
    public static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

    private TabularCleaner() {
    }

    /**
     * The number of partitions the cleaned rows of {@code inputBytes} of input are written from, and that the
     * duplicate search's shuffles use: one per
     * {@link #INPUT_BYTES_PER_PARTITION} started, at least 1 and at most {@code shufflePartitions} (Spark's
     * {@code spark.sql.shuffle.partitions}, which stays the ceiling a user sets).
     */
    static int duplicateSearchPartitions(long inputBytes, int shufflePartitions) {
        long wanted = (Math.max(0, inputBytes) + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION;
        return (int) Math.max(1, Math.min(Math.max(1, shufflePartitions), wanted));
    }

    /**
     * Cleans the CSV files behind {@code inputPaths}.
     *
     * <p>Runs Spark jobs to classify and count the input (the result's datasets read local checkpoints; call
     * {@link CleaningResult#release()} after writing them).
     *
     * @throws IllegalArgumentException when an input path matches no file or a header lacks a
     *                                  declared column (a problem with the input as a whole)
     */
    public static CleaningResult clean(SparkSession spark, List<String> inputPaths, CleaningSpec spec) {
        return clean(spark, inputPaths, spec, TabularCleaner::rowHash);
    }

    /**
     * {@link #clean(SparkSession, List, CleaningSpec)} with the duplicate search's row hash given: a function from
     * the declared columns to two long columns (tests give one that collides to prove that a shared hash never
     * makes distinct rows duplicates).
     */
    static CleaningResult clean(SparkSession spark, List<String> inputPaths, CleaningSpec spec,
                                Function<Column[], Column[]> rowHash) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CsvInputFiles files = CsvInputFiles.discover(inputPaths, spec, conf);
        Column isKept = col(CsvRowParser.REASON).isNull();
        Map<String, Column> outcome = new LinkedHashMap<>();
        outcome.put(STATUS, when(col(CsvRowParser.REASON).equalTo(BLANK_LINE), lit(BLANK))
                .when(col(CsvRowParser.REASON).isNotNull(), lit(QUARANTINED))
                .otherwise(lit(KEPT)));
        outcome.put(CLIPPED, lit(false));
        Column[] declared = spec.columns().stream().map(c -> quoted(c.name())).toArray(Column[]::new);
        if (spec.deduplicate()) {
            Column[] hash = rowHash.apply(declared);
            outcome.put(ROW_HASH_HIGH, when(isKept, hash[0]));
            outcome.put(ROW_HASH_LOW, when(isKept, hash[1]));
        }
        int partitions = duplicateSearchPartitions(inputBytes(files.files(), conf),
                spark.sessionState().conf().numShufflePartitions());
        // The parsed rows, raw lines included (a kept row may turn out to be a duplicate, whose output quotes it).
        Dataset<Row> parsed = parse(spark, files, spec).withColumns(outcome).localCheckpoint(true).coalesce(partitions);
        Dataset<Row> classified = spec.deduplicate()
                ? markDuplicates(spark, parsed, declared, partitions)
                : parsed.withColumns(Map.of(DUPLICATE_OF_FILE, lit(null).cast("string"),
                        DUPLICATE_OF_OFFSET, lit(null).cast("long")));
        for (OutlierRule rule : spec.outliers()) {
            classified = applyOutlierRule(classified, rule, spec.column(rule.column()).orElseThrow());
        }

        CleaningReport report = countOutcomes(classified, files, spec);

        List<Column> keptColumns = new ArrayList<>(List.of(col(SOURCE_FILE), col(SOURCE_OFFSET)));
        keptColumns.addAll(List.of(declared));
        Dataset<Row> kept = classified.filter(col(STATUS).equalTo(KEPT)).select(keptColumns.toArray(Column[]::new));
        Dataset<Row> quarantine = classified.filter(col(STATUS).equalTo(QUARANTINED)).select(
                col(SOURCE_FILE), col(SOURCE_OFFSET), col(CsvRowParser.REASON).as("reason"),
                col(CsvRowParser.COLUMN).as("column"), col(CsvRowParser.DETAIL).as("detail"), col(CsvRowParser.RAW_LINE).as("raw_line"));
        Dataset<Row> duplicates = classified.filter(col(STATUS).equalTo(DUPLICATE)).select(
                col(SOURCE_FILE), col(SOURCE_OFFSET), col(DUPLICATE_OF_FILE).as("duplicate_of_file"),
                col(DUPLICATE_OF_OFFSET).as("duplicate_of_offset"), col(CsvRowParser.RAW_LINE).as("raw_line"));
        return new CleaningResult(kept, quarantine, duplicates, report, classified);
    }

    /**
     * The default row hash: two 64-bit xxHash64 values of the declared columns with different seeds (the second
     * starts from the hash of a constant, which is xxHash64 with another seed). Equal rows hash equal (Spark
     * hashes -0.0 as 0.0 and every NaN alike, as its grouping compares them); two distinct rows share both
     * values with a chance of about 2^-128.
     */
    private static Column[] rowHash(Column[] declared) {
        Column[] salted = new Column[declared.length + 1];
        salted[0] = lit(SECOND_HASH_SALT);
        System.arraycopy(declared, 0, salted, 1, declared.length);
        return new Column[] {xxhash64(declared), xxhash64(salted)};
    }

    private static Dataset<Row> parse(SparkSession spark, CsvInputFiles files, CleaningSpec spec) {
        CsvRowParser parser = new CsvRowParser(spec, files.headers());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        Configuration listed;
        try {
            listed = ListedFilesTextInputFormat.withFiles(conf, files.files());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list the input files " + files.files(), e);
        }
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) jsc.newAPIHadoopRDD(
                listed, ListedFilesTextInputFormat.class, LongWritable.class, Text.class);
        JavaRDD<Row> rows = lines.mapPartitionsWithInputSplit(
                (split, records) -> new ParsedLines(((FileSplit) split).getPath().toString(), records, parser), false);
        return spark.createDataFrame(rows, CsvRowParser.schema(spec));
    }

    /** The bytes stored in {@code files}, as their file systems list them. */
    private static long inputBytes(List<String> files, Configuration conf) {
        long bytes = 0;
        for (String file : files) {
            Path path = new Path(file);
            try {
                bytes += path.getFileSystem(conf).getFileStatus(path).getLen();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of input file " + file, e);
            }
        }
        return bytes;
    }

    /**
     * Marks every kept row equal in all declared columns to an earlier one (by file, then offset) as a duplicate
     * of the first. Two small jobs over the checkpointed rows instead of a shuffle and sort of the whole table:
     * <ol>
     *   <li>the row hashes that more than one kept row shares (an aggregate of two longs per row);</li>
     *   <li>only the kept rows with such a hash (the duplicates, their originals and any hash collision) are
     *       grouped by their hash and every declared value, and ranked by file and offset: grouping by the values
     *       themselves means a collision can never make distinct rows duplicates.</li>
     * </ol>
     * Every row then looks itself up among the duplicates found (by file and offset). Both results are brought to
     * the driver and broadcast from there while they are at most {@link #BROADCAST_ROWS} rows (the usual case:
     * a few per cent of the input), so later queries neither search again nor run jobs to broadcast them; more
     * are kept by a local checkpoint and joined by a shuffle.
     */
    private static Dataset<Row> markDuplicates(SparkSession spark, Dataset<Row> parsed, Column[] declared,
                                               int partitions) {
        Column[] hash = {col(ROW_HASH_HIGH), col(ROW_HASH_LOW)};
        Dataset<Row> keptRows = parsed.filter(col(ROW_HASH_HIGH).isNotNull());
        Dataset<Row> sharedHashes = withShufflePartitions(spark, partitions, () -> computed(spark, keptRows
                .groupBy(hash).agg(count(lit(1)).as("_rows")).filter(col("_rows").gt(1))
                .select(col(ROW_HASH_HIGH).as(SHARED_HIGH), col(ROW_HASH_LOW).as(SHARED_LOW))));
        Dataset<Row> suspects = keptRows.join(sharedHashes,
                col(ROW_HASH_HIGH).equalTo(col(SHARED_HIGH)).and(col(ROW_HASH_LOW).equalTo(col(SHARED_LOW))), "left_semi");
        List<Column> sameValueKeys = new ArrayList<>(List.of(hash));
        sameValueKeys.addAll(List.of(declared));
        WindowSpec sameValues = Window.partitionBy(sameValueKeys.toArray(Column[]::new))
                .orderBy(col(SOURCE_FILE), col(SOURCE_OFFSET));
        Dataset<Row> found = withShufflePartitions(spark, partitions, () -> computed(spark, suspects
                .withColumn("_rank", row_number().over(sameValues))
                .withColumn(DUPLICATE_OF_FILE, first(col(SOURCE_FILE)).over(sameValues))
                .withColumn(DUPLICATE_OF_OFFSET, first(col(SOURCE_OFFSET)).over(sameValues))
                .filter(col("_rank").gt(1))
                .select(col(SOURCE_FILE).as(FOUND_FILE), col(SOURCE_OFFSET).as(FOUND_OFFSET),
                        col(DUPLICATE_OF_FILE), col(DUPLICATE_OF_OFFSET))));
        releaseCheckpoints(sharedHashes);
        Dataset<Row> marked = parsed.join(found,
                col(SOURCE_FILE).equalTo(col(FOUND_FILE)).and(col(SOURCE_OFFSET).equalTo(col(FOUND_OFFSET))), "left_outer");
        return marked
                .withColumn(STATUS, when(col(FOUND_OFFSET).isNotNull(), lit(DUPLICATE)).otherwise(col(STATUS)))
                .drop(FOUND_FILE, FOUND_OFFSET, ROW_HASH_HIGH, ROW_HASH_LOW);
    }

    /**
     * The rows of {@code query}, computed once: brought to the driver and marked for broadcast when they are at
     * most {@link #BROADCAST_ROWS} (one job; broadcasting rows held by the driver runs none), else kept by a local
     * checkpoint (the query runs again for it).
     */
    private static Dataset<Row> computed(SparkSession spark, Dataset<Row> query) {
        List<Row> rows = query.limit((int) BROADCAST_ROWS + 1).collectAsList();
        if (rows.size() <= BROADCAST_ROWS) {
            return broadcast(spark.createDataFrame(rows, query.schema()));
        }
        return query.localCheckpoint(true);
    }

    /** Drops the rows of the local checkpoints that {@code dataset} reads. */
    static void releaseCheckpoints(Dataset<Row> dataset) {
        dataset.queryExecution().analyzed().collectLeaves().foreach(leaf -> {
            if (leaf instanceof LogicalRDD checkpointed) {
                checkpointed.rdd().unpersist(false);
            }
            return null;
        });
    }

    /**
     * Runs {@code job} (which plans and runs its query) while {@code spark.sql.shuffle.partitions} is
     * {@code partitions}: the duplicate search's shuffles take their partition count from that setting. The
     * setting is restored before this returns; a query planned on the same session meanwhile, on another thread,
     * would see it.
     */
    private static <T> T withShufflePartitions(SparkSession spark, int partitions, java.util.function.Supplier<T> job) {
        String key = "spark.sql.shuffle.partitions";
        String configured = spark.conf().get(key);
        spark.conf().set(key, partitions);
        try {
            return job.get();
        } finally {
            spark.conf().set(key, configured);
        }
    }

    private static Dataset<Row> applyOutlierRule(Dataset<Row> classified, OutlierRule rule, ColumnSpec column) {
        double[] bounds = bounds(classified, rule, column);
        double lower = bounds[0];
        double upper = bounds[1];
        Column value = quoted(rule.column());
        Column isKept = col(STATUS).equalTo(KEPT);
        Column outside = isKept.and(coalesce(value.lt(lower).or(value.gt(upper)), lit(false)));
        String ruleText = rule.method().name().toLowerCase(java.util.Locale.ROOT) + " rule";
        if (rule.action() == OutlierRule.Action.QUARANTINE) {
            // One projection: every new value is computed from the row as it was before this rule.
            Map<String, Column> quarantined = new LinkedHashMap<>();
            quarantined.put(CsvRowParser.REASON, when(outside, lit(QuarantineReason.OUTLIER.code()))
                    .otherwise(col(CsvRowParser.REASON)));
            quarantined.put(CsvRowParser.COLUMN, when(outside, lit(rule.column())).otherwise(col(CsvRowParser.COLUMN)));
            quarantined.put(CsvRowParser.DETAIL, when(outside, format_string(
                    "%s = %s is outside [%s, %s] (" + ruleText + ")", lit(rule.column()), value.cast("string"),
                    lit(formatBound(lower)), lit(formatBound(upper)))).otherwise(col(CsvRowParser.DETAIL)));
            quarantined.put(STATUS, when(outside, lit(QUARANTINED)).otherwise(col(STATUS)));
            return classified.withColumns(quarantined);
        }
        Column clipped = when(isKept.and(value.lt(lower)), lit(lower))
                .when(isKept.and(value.gt(upper)), lit(upper))
                .otherwise(value)
                .cast(column.type().sparkType());
        return classified
                .withColumn(CLIPPED, col(CLIPPED).or(outside))
                .withColumn(rule.column(), clipped);
    }

    /** The rule's {lower, upper} bounds; IQR bounds are fitted on the rows still kept. */
    private static double[] bounds(Dataset<Row> classified, OutlierRule rule, ColumnSpec column) {
        double lower;
        double upper;
        if (rule.method() == OutlierRule.Method.RANGE) {
            lower = rule.lower() == null ? Double.NEGATIVE_INFINITY : rule.lower();
            upper = rule.upper() == null ? Double.POSITIVE_INFINITY : rule.upper();
        } else {
            double[] quartiles = classified.filter(col(STATUS).equalTo(KEPT))
                    .stat().approxQuantile(rule.column(), new double[] {0.25, 0.75}, 1e-4);
            if (quartiles.length < 2) {
                return new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
            }
            double iqr = quartiles[1] - quartiles[0];
            lower = quartiles[0] - rule.k() * iqr;
            upper = quartiles[1] + rule.k() * iqr;
        }
        if (column.type() == ColumnType.LONG) {
            // Clipping a whole-number column must give whole numbers inside the bounds.
            lower = Math.ceil(lower);
            upper = Math.floor(upper);
        }
        return new double[] {lower, upper};
    }

    private static String formatBound(double bound) {
        if (Double.isInfinite(bound)) {
            return bound > 0 ? "+inf" : "-inf";
        }
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }

    private static CleaningReport countOutcomes(Dataset<Row> classified, CsvInputFiles files, CleaningSpec spec) {
        List<Row> groups = classified.groupBy(col(STATUS), col(CsvRowParser.REASON), col(CsvRowParser.COLUMN))
                .agg(count(lit(1)), sum(when(col(CLIPPED), 1L).otherwise(0L)))
                .collectAsList();
        Map<List<String>, List<String>> examples = quarantineExamples(classified);
        List<CleaningReport.QuarantineGroup> quarantineGroups = new ArrayList<>();
        long kept = 0;
        long quarantined = 0;
        long duplicates = 0;
        long blank = 0;
        long clipped = 0;
        Map<String, Long> byReason = new HashMap<>();
        for (QuarantineReason reason : QuarantineReason.values()) {
            byReason.put(reason.code(), 0L);
        }
        for (Row group : groups) {
            String status = group.getString(0);
            long rows = group.getLong(3);
            clipped += group.isNullAt(4) ? 0 : group.getLong(4);
            switch (status) {
                case KEPT -> kept += rows;
                case DUPLICATE -> duplicates += rows;
                case BLANK -> blank += rows;
                case QUARANTINED -> {
                    quarantined += rows;
                    byReason.merge(group.getString(1), rows, Long::sum);
                    List<String> key = java.util.Arrays.asList(group.getString(1), group.getString(2));
                    quarantineGroups.add(new CleaningReport.QuarantineGroup(group.getString(1),
                            group.isNullAt(2) ? CleaningReport.QuarantineGroup.WHOLE_ROW : group.getString(2), rows,
                            examples.getOrDefault(key, List.of())));
                }
                default -> throw new IllegalStateException("unexpected row status " + status);
            }
        }
        return new CleaningReport(files.files(), files.emptyFiles(), files.undeclaredColumns(spec),
                kept + quarantined + duplicates, blank, kept, quarantined, duplicates, clipped, byReason,
                quarantineGroups);
    }

    /** The details of the first {@link #EXAMPLES_PER_GROUP} quarantined rows of each reason and column. */
    private static Map<List<String>, List<String>> quarantineExamples(Dataset<Row> classified) {
        WindowSpec byGroup = Window.partitionBy(col(CsvRowParser.REASON), col(CsvRowParser.COLUMN))
                .orderBy(col(SOURCE_FILE), col(SOURCE_OFFSET));
        List<Row> firsts = classified.filter(col(STATUS).equalTo(QUARANTINED))
                .withColumn("_example", row_number().over(byGroup))
                .filter(col("_example").leq(EXAMPLES_PER_GROUP))
                .select(col(CsvRowParser.REASON), col(CsvRowParser.COLUMN), col(CsvRowParser.DETAIL), col("_example"))
                .orderBy(col("_example"))
                .collectAsList();
        Map<List<String>, List<String>> examples = new HashMap<>();
        for (Row row : firsts) {
            examples.computeIfAbsent(java.util.Arrays.asList(row.getString(0), row.getString(1)), k -> new ArrayList<>())
                    .add(row.getString(2));
        }
        return examples;
    }


    /** Parses the lines of one input split, skipping the file's header line (offset 0). */
    private static final class ParsedLines implements Iterator<Row> {
        private final String file;
        private final Iterator<Tuple2<LongWritable, Text>> records;
        private final CsvRowParser parser;
        private Row next;
        private long linesRead;

        ParsedLines(String file, Iterator<Tuple2<LongWritable, Text>> records, CsvRowParser parser) {
            this.file = file;
            this.records = records;
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            while (next == null && nextRecordOrDamage()) {
                Tuple2<LongWritable, Text> record = records.next();
                linesRead++;
                long offset = record._1().get();
                if (offset == 0) {
                    continue;
                }
                Text text = record._2();
                String line = text.toString();
                String encodingProblem = utf8Problem(text);
                if (encodingProblem != null) {
                    next = parser.invalidEncoding(file, offset, line, encodingProblem);
                } else {
                    next = line.isBlank() ? blankLine(offset, line) : parser.parse(file, offset, line);
                }
            }
            return next != null;
        }

        /**
         * Whether there is another record; a file the reader or its codec cannot read on (a
         * truncated gzip, corrupt bzip2) is the input's fault and says so, with the lines read.
         */
        private boolean nextRecordOrDamage() {
            try {
                return records.hasNext();
            } catch (Exception e) { // Scala iterators throw the reader's checked IOException as it is
                Throwable cause = e;
                while (cause.getCause() != null && !(cause instanceof java.io.IOException)) {
                    cause = cause.getCause();
                }
                if (!(cause instanceof java.io.IOException)) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
                throw new io.greentrain.preprocessing.UnreadableInputException("input file " + file
                        + " is truncated or damaged: reading stopped after " + linesRead + " lines of this part ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")", e);
            }
        }

        /** What is wrong with {@code text} as UTF-8, or null when it is valid. */
        private static String utf8Problem(Text text) {
            try {
                Text.validateUTF8(text.getBytes(), 0, text.getLength());
                return null;
            } catch (java.nio.charset.MalformedInputException e) {
                return "invalid byte at position " + e.getInputLength();
            }
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Row row = next;
            next = null;
            return row;
        }

        private Row blankLine(long offset, String line) {
            Row parsed = parser.parse(file, offset, line);
            Object[] values = new Object[parsed.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = parsed.get(i);
            }
            values[CsvRowParser.reasonIndex(parser.spec())] = BLANK_LINE;
            return org.apache.spark.sql.RowFactory.create(values);
        }
    }
}
