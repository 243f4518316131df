package io.greentrain.preprocessing.tabular;

import static io.greentrain.preprocessing.ColumnNames.quoted;
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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
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
    private static final String OTHER_FILE = "_other_file";
    private static final String OTHER_OFFSET = "_other_offset";
    private static final String VALUES_HASH = "_values_hash";

    /**
     * Input bytes (as stored, compressed or not) per partition of the duplicate search's shuffle, and so per
     * output file: a table of a few megabytes is grouped in one partition and written as a handful of files rather
     * than {@code spark.sql.shuffle.partitions} (200 by default) mostly empty tasks and files.
     */
    public static final long INPUT_BYTES_PER_PARTITION = 64L << 20;

    private TabularCleaner() {
    }

    /**
     * The number of partitions the duplicate search groups the rows of {@code inputBytes} of input into: one per
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
     * <p>Runs Spark jobs to classify and count the input (the kept rows read a local checkpoint of every row, the
     * quarantine and duplicates one of the rows not kept; call {@link CleaningResult#release()} after writing them).
     *
     * @throws IllegalArgumentException when an input path matches no file or a header lacks a
     *                                  declared column (a problem with the input as a whole)
     */
    public static CleaningResult clean(SparkSession spark, List<String> inputPaths, CleaningSpec spec) {
        return clean(spark, inputPaths, spec, declared -> xxhash64(declared));
    }

    /**
     * {@link #clean(SparkSession, List, CleaningSpec)} with the duplicate search's row hash given: a function from
     * the declared columns to a long column that equal rows share (tests give one that collides, to prove that a
     * shared hash never makes distinct rows duplicates).
     */
    static CleaningResult clean(SparkSession spark, List<String> inputPaths, CleaningSpec spec,
                                Function<Column[], Column> rowHash) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        CsvInputFiles files = CsvInputFiles.discover(inputPaths, spec, conf);
        Map<String, Column> outcome = new LinkedHashMap<>();
        outcome.put(STATUS, when(col(CsvRowParser.REASON).equalTo(BLANK_LINE), lit(BLANK))
                .when(col(CsvRowParser.REASON).isNotNull(), lit(QUARANTINED))
                .otherwise(lit(KEPT)));
        outcome.put(CLIPPED, lit(false));
        outcome.put(DUPLICATE_OF_FILE, lit(null).cast("string"));
        outcome.put(DUPLICATE_OF_OFFSET, lit(null).cast("long"));
        Dataset<Row> classified = parse(spark, files, spec).withColumns(outcome);
        if (spec.deduplicate()) {
            classified = markDuplicates(classified, spec, rowHash);
        }
        for (OutlierRule rule : spec.outliers()) {
            classified = applyOutlierRule(classified, rule, spec.column(rule.column()).orElseThrow());
        }
        // Kept rows need no raw line (the kept output has none): an empty one keeps the checkpoint about half as large.
        classified = classified.withColumn(CsvRowParser.RAW_LINE,
                when(col(STATUS).equalTo(KEPT), lit("")).otherwise(col(CsvRowParser.RAW_LINE)));
        int partitions = duplicateSearchPartitions(files.storedBytes(conf),
                spark.sessionState().conf().numShufflePartitions());
        classified = computeOnceWithShufflePartitions(spark, classified, partitions);
        // The rows not kept (1-2% of a typical input) in a checkpoint of their own: the report's counts and examples
        // and the four smaller outputs read them there, so that only the kept rows' output and one count read all.
        Dataset<Row> notKept = classified.filter(col(STATUS).notEqual(KEPT)).localCheckpoint(true);

        CleaningReport report = countOutcomes(classified, notKept, files, spec);

        List<Column> keptColumns = new ArrayList<>(List.of(col(SOURCE_FILE), col(SOURCE_OFFSET)));
        spec.columns().forEach(c -> keptColumns.add(quoted(c.name())));
        Dataset<Row> kept = classified.filter(col(STATUS).equalTo(KEPT)).select(keptColumns.toArray(Column[]::new));
        Dataset<Row> quarantine = notKept.filter(col(STATUS).equalTo(QUARANTINED)).select(
                col(SOURCE_FILE), col(SOURCE_OFFSET), col(CsvRowParser.REASON).as("reason"),
                col(CsvRowParser.COLUMN).as("column"), col(CsvRowParser.DETAIL).as("detail"), col(CsvRowParser.RAW_LINE).as("raw_line"));
        Dataset<Row> duplicates = notKept.filter(col(STATUS).equalTo(DUPLICATE)).select(
                col(SOURCE_FILE), col(SOURCE_OFFSET), col(DUPLICATE_OF_FILE).as("duplicate_of_file"),
                col(DUPLICATE_OF_OFFSET).as("duplicate_of_offset"), col(CsvRowParser.RAW_LINE).as("raw_line"));
        return new CleaningResult(kept, quarantine, duplicates, report, List.of(classified, notKept));
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

    /**
     * Computes {@code dataset} once and keeps its rows (Spark's internal rows as they come out of the plan, in
     * memory, spilling to disk), planned and run while {@code spark.sql.shuffle.partitions} is {@code partitions}:
     * the duplicate search's shuffle takes its partition count from that setting. A local checkpoint rather than
     * {@code persist}: the cache would build (and every later job decode) a compressed columnar copy of all 80-odd
     * columns, the largest single cost of cleaning a large input, where the outputs and counts only need to read
     * the rows once each. The returned dataset's plan starts from the kept rows, so later queries do not plan the
     * window again either. The rows live on the executors that computed them: losing an executor before the outputs
     * are written fails the job rather than recomputing them. The setting is restored before this returns; a query
     * planned on the same session meanwhile, on another thread, would see it.
     */
    private static Dataset<Row> computeOnceWithShufflePartitions(SparkSession spark, Dataset<Row> dataset,
                                                                 int partitions) {
        String key = "spark.sql.shuffle.partitions";
        String configured = spark.conf().get(key);
        spark.conf().set(key, partitions);
        try {
            return dataset.localCheckpoint(true);
        } finally {
            spark.conf().set(key, configured);
        }
    }

    /**
     * Keeps the first of each group of rows equal in every declared column; marks the rest. All rows pass through
     * one window in one pass over the input: kept rows are grouped by their declared values, every other row
     * (its values are null) is a group of its own by file and offset, so that rejected rows neither meet valid
     * ones nor pile up in one partition. A hash of the declared values leads the keys: equal rows have equal
     * hashes, so the groups stay the same, and the window's sort then tells almost every two rows apart by its
     * first key (held in the sort's 8-byte prefix) instead of comparing dozens of columns that share few values.
     * The rows are shuffled by that hash alone (the window's grouping needs no more: equal keys have equal
     * hashes), so that the shuffle hashes one long per row rather than all 77 keys again; a rejected row's hash is
     * that of its file and offset, so that rejected rows spread over the partitions. Rows that share a hash but
     * differ in a value (a collision) stay apart, as the window groups by the values themselves.
     */
    private static Dataset<Row> markDuplicates(Dataset<Row> classified, CleaningSpec spec,
                                               Function<Column[], Column> rowHash) {
        Column isKept = col(STATUS).equalTo(KEPT);
        List<Column> declared = new ArrayList<>();
        spec.columns().forEach(c -> declared.add(quoted(c.name())));
        List<Column> keys = new ArrayList<>(List.of(col(VALUES_HASH)));
        keys.addAll(declared);
        keys.add(col(OTHER_FILE));
        keys.add(col(OTHER_OFFSET));
        WindowSpec sameValues = Window.partitionBy(keys.toArray(Column[]::new))
                .orderBy(col(SOURCE_FILE), col(SOURCE_OFFSET));
        Column isLater = isKept.and(col("_rank").gt(1));
        Map<String, Column> ranked = new LinkedHashMap<>();
        ranked.put(STATUS, when(isLater, lit(DUPLICATE)).otherwise(col(STATUS)));
        ranked.put(DUPLICATE_OF_FILE, when(isLater, first(col(SOURCE_FILE)).over(sameValues)));
        ranked.put(DUPLICATE_OF_OFFSET, when(isLater, first(col(SOURCE_OFFSET)).over(sameValues)));
        return classified
                .withColumns(Map.of(OTHER_FILE, when(col(STATUS).notEqual(KEPT), col(SOURCE_FILE)),
                        OTHER_OFFSET, when(col(STATUS).notEqual(KEPT), col(SOURCE_OFFSET)),
                        VALUES_HASH, when(isKept, rowHash.apply(declared.toArray(Column[]::new)))
                                .otherwise(xxhash64(col(SOURCE_FILE), col(SOURCE_OFFSET)))))
                .repartition(col(VALUES_HASH))
                .withColumn("_rank", row_number().over(sameValues))
                .withColumns(ranked)
                .drop("_rank", OTHER_FILE, OTHER_OFFSET, VALUES_HASH);
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

    /**
     * Counts the outcomes: the kept rows and their clipped values with one filtered count over all rows, every other
     * outcome grouped by status, reason and column over {@code notKept} (the rows whose status is not kept, a small
     * share of them), which also gives the report's examples.
     */
    private static CleaningReport countOutcomes(Dataset<Row> classified, Dataset<Row> notKept, CsvInputFiles files,
                                                CleaningSpec spec) {
        List<Row> groups = new ArrayList<>(notKept.groupBy(col(STATUS), col(CsvRowParser.REASON), col(CsvRowParser.COLUMN))
                .agg(count(lit(1)), sum(when(col(CLIPPED), 1L).otherwise(0L)))
                .collectAsList());
        groups.add(classified.filter(col(STATUS).equalTo(KEPT))
                .select(lit(KEPT), lit(null).cast("string"), lit(null).cast("string"), count(lit(1)),
                        sum(when(col(CLIPPED), 1L).otherwise(0L)))
                .first());
        Map<List<String>, List<String>> examples = quarantineExamples(notKept);
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
