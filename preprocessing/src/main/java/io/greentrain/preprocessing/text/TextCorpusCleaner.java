package io.greentrain.preprocessing.text;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import io.greentrain.preprocessing.text.dedup.NearDuplicateFinder;
import io.greentrain.preprocessing.text.normalize.TextNormalizer;
import io.greentrain.preprocessing.text.quality.QualityFilters;
import io.greentrain.preprocessing.text.quality.QualityVerdict;
import io.greentrain.preprocessing.text.quality.ScriptClass;
import io.greentrain.preprocessing.text.read.TextCorpusReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Turns raw text corpora into a cleaned, deduplicated document set with every removal accounted for:
 * read ({@link TextCorpusReader}) -> normalise ({@link TextNormalizer}) -> quality filters ({@link QualityFilters})
 * -> exact dedup (SHA-256 of the normalised text; smallest doc id kept) -> near dedup ({@link NearDuplicateFinder};
 * smallest doc id of each cluster kept).
 *
 * <p>Output layout under {@code outputDir}:
 * <ul>
 *   <li>{@code kept/}: Parquet, the kept documents with columns {@link #KEPT_COLUMNS};</li>
 *   <li>{@code removed/<reason>/}: Parquet, one folder per {@link RemovalReason#code()} that removed anything, with
 *       columns {@link #REMOVED_COLUMNS}: the text (normalised; raw for {@code unreadable}), the reason, the detail
 *       (measured value vs threshold, or how the duplicate was found), {@code duplicate_of} (the kept document of an
 *       exact group, or the cluster id of a near duplicate), {@code cluster_id} and {@code similarity}.</li>
 * </ul>
 * Driver-side entry point; not meant to be serialised.
 */
public final class TextCorpusCleaner {

    public static final String KEPT_DIR = "kept";
    public static final String REMOVED_DIR = "removed";
    public static final String CHARS_IN = "chars_in";
    public static final String CONTENT_HASH = "content_hash";

    /** Columns of the kept output. */
    public static final List<String> KEPT_COLUMNS = List.of(TextColumns.DOC_ID, TextColumns.SOURCE,
            TextColumns.RECORD_INDEX, "source_id", TextColumns.TEXT, TextColumns.SCRIPT, TextColumns.ENCODING_ERRORS,
            TextColumns.ATTACHMENTS_DROPPED, TextColumns.CLUSTER_ID);
    /** Columns of the removed output. */
    public static final List<String> REMOVED_COLUMNS = List.of(TextColumns.DOC_ID, TextColumns.SOURCE,
            TextColumns.RECORD_INDEX, "source_id", TextColumns.REASON, TextColumns.DETAIL, TextColumns.DUPLICATE_OF,
            TextColumns.CLUSTER_ID, TextColumns.SIMILARITY, TextColumns.TEXT, TextColumns.SCRIPT,
            TextColumns.ENCODING_ERRORS, TextColumns.ATTACHMENTS_DROPPED);

    private static final String REASON_DIR = "reason_dir";
    private static final String EXACT_OF = "exact_of";

    /**
     * Documents annotated with their fate, and the near-dedup figures.
     *
     * @param documents every input document once, with the reader's columns (text normalised, except for unreadable
     *                  ones), {@code chars_in}, {@code script}, {@code reason} (null when kept), {@code detail},
     *                  {@code duplicate_of}, {@code cluster_id}, {@code similarity}; persisted
     * @param near      the near-duplicate search result, null when near dedup is off
     */
    public record Annotated(Dataset<Row> documents, NearDuplicateFinder.Result near) {
    }

    private TextCorpusCleaner() {
    }

    /**
     * Reads {@code inputs}, cleans and deduplicates, writes {@code kept/} and {@code removed/<reason>/} under
     * {@code outputDir}, reads both back and returns the reconciled report.
     *
     * @throws IllegalArgumentException when an input matches nothing or {@code outputDir} already holds results
     * @throws IllegalStateException    when the counts do not reconcile
     */
    public static TextCleaningReport clean(SparkSession spark, TextCleaningSpec spec, List<String> inputs,
                                           String outputDir) {
        Path out = new Path(outputDir);
        FileSystem fs = fileSystem(spark, out);
        Path kept = new Path(out, KEPT_DIR);
        Path removed = new Path(out, REMOVED_DIR);
        try {
            if (fs.exists(kept) || fs.exists(removed)) {
                throw new IllegalArgumentException("text cleaning output already exists: " + kept + " or " + removed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long files = TextCorpusReader.listFiles(spark.sparkContext().hadoopConfiguration(), inputs).size();
        Dataset<Row> raw = TextCorpusReader.read(spark, spec.reader(), inputs);
        Annotated annotated = annotate(spark, spec, raw);
        Dataset<Row> documents = annotated.documents();
        long docsIn = documents.count();

        documents.filter(col(TextColumns.REASON).isNull()).select(columns(KEPT_COLUMNS))
                .write().mode(SaveMode.ErrorIfExists).parquet(kept.toString());
        Path staging = new Path(out, "_removed-staging");
        documents.filter(col(TextColumns.REASON).isNotNull()).select(columns(REMOVED_COLUMNS))
                .withColumn(REASON_DIR, col(TextColumns.REASON))
                .write().mode(SaveMode.Overwrite).partitionBy(REASON_DIR).parquet(staging.toString());
        moveReasonFolders(fs, staging, removed);

        Map<String, Long> removedByReason = new LinkedHashMap<>();
        Map<String, Long> keptByScript = new LinkedHashMap<>();
        long errors = 0;
        long docsWithErrors = 0;
        long attachments = 0;
        long charsIn = 0;
        long charsKept = 0;
        long docsKept = 0;
        for (Row row : documents.groupBy(col(TextColumns.REASON), col(TextColumns.SCRIPT))
                .agg(functions.count(lit(1)), functions.sum(TextColumns.ENCODING_ERRORS),
                        functions.sum(when(col(TextColumns.ENCODING_ERRORS).gt(0), 1).otherwise(0)),
                        functions.sum(TextColumns.ATTACHMENTS_DROPPED), functions.sum(CHARS_IN),
                        functions.sum(functions.char_length(col(TextColumns.TEXT))))
                .collectAsList()) {
            String reason = row.getString(0);
            long count = row.getLong(2);
            errors += row.getLong(3);
            docsWithErrors += row.getLong(4);
            attachments += row.getLong(5);
            charsIn += row.getLong(6);
            if (reason == null) {
                docsKept += count;
                charsKept += row.getLong(7);
                keptByScript.merge(row.getString(1), count, Long::sum);
            } else {
                removedByReason.merge(reason, count, Long::sum);
            }
        }
        keptByScript.putIfAbsent(ScriptClass.SPACED.code(), 0L);
        keptByScript.putIfAbsent(ScriptClass.UNSPACED.code(), 0L);
        verifyWritten(spark, kept, removed, docsKept, removedByReason);
        NearDuplicateFinder.Result near = annotated.near();
        TextCleaningReport report = new TextCleaningReport(files, docsIn, docsKept, removedByReason, errors,
                docsWithErrors, attachments, charsIn, charsKept, keptByScript,
                near == null ? 0 : near.candidatePairs(), near == null ? 0 : near.verifiedPairs(),
                near == null ? 0 : near.clusters(), near == null ? 0 : near.oversizedBuckets(),
                near == null ? 0 : near.rounds());
        documents.unpersist(false);
        if (near != null) {
            near.assignments().unpersist(false);
        }
        return report;
    }

    /**
     * Normalises, filters and deduplicates {@code raw} (rows with the {@link TextCorpusReader#SCHEMA} columns)
     * without writing anything.
     */
    public static Annotated annotate(SparkSession spark, TextCleaningSpec spec, Dataset<Row> raw) {
        Dataset<Row> docs = qualityAnnotated(spark, spec, raw).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> passed = docs.filter(col(TextColumns.REASON).isNull());

        Dataset<Row> exact = spark.createDataFrame(List.of(), new StructType()
                .add(TextColumns.DOC_ID, DataTypes.StringType).add(EXACT_OF, DataTypes.StringType)
                .add(CONTENT_HASH, DataTypes.StringType));
        if (spec.dedup().exact()) {
            exact = passed.select(col(TextColumns.DOC_ID), sha2(col(TextColumns.TEXT), 256).as(CONTENT_HASH))
                    .withColumn(EXACT_OF, min(col(TextColumns.DOC_ID)).over(Window.partitionBy(CONTENT_HASH)))
                    .filter(col(TextColumns.DOC_ID).notEqual(col(EXACT_OF)))
                    .select(TextColumns.DOC_ID, EXACT_OF, CONTENT_HASH);
        }
        NearDuplicateFinder.Result near = null;
        Dataset<Row> assignments = spark.createDataFrame(List.of(), NearDuplicateFinder.ASSIGNMENT_SCHEMA);
        if (spec.dedup().near()) {
            Dataset<Row> survivors = passed.join(exact, passed.col(TextColumns.DOC_ID)
                    .equalTo(exact.col(TextColumns.DOC_ID)), "left_anti");
            near = NearDuplicateFinder.find(spark, survivors, spec.dedup());
            assignments = near.assignments();
        }
        Column exactDuplicate = col(EXACT_OF).isNotNull();
        Column nearDuplicate = col(TextColumns.CLUSTER_ID).isNotNull()
                .and(col(TextColumns.CLUSTER_ID).notEqual(col(TextColumns.DOC_ID)));
        Dataset<Row> documents = docs
                .join(exact, TextColumns.DOC_ID, "left")
                .join(assignments, TextColumns.DOC_ID, "left")
                .withColumn(TextColumns.REASON, coalesce(col(TextColumns.REASON),
                        when(exactDuplicate, lit(RemovalReason.EXACT_DUPLICATE.code())),
                        when(nearDuplicate, lit(RemovalReason.NEAR_DUPLICATE.code()))))
                .withColumn(TextColumns.DETAIL, coalesce(col(TextColumns.DETAIL),
                        when(exactDuplicate, concat(lit("same sha256 "), col(CONTENT_HASH))),
                        when(nearDuplicate, format_string("jaccard %.3f >= " + spec.dedup().jaccardThreshold()
                                + " within cluster %s", col(TextColumns.SIMILARITY), col(TextColumns.CLUSTER_ID)))))
                .withColumn(TextColumns.DUPLICATE_OF, coalesce(col(EXACT_OF),
                        when(nearDuplicate, col(TextColumns.CLUSTER_ID))))
                .drop(EXACT_OF, CONTENT_HASH)
                .persist(StorageLevel.MEMORY_AND_DISK());
        documents.count();
        docs.unpersist(false);
        return new Annotated(documents, near);
    }

    /** The reader's columns with normalised text, plus chars_in, script, reason and detail from the filters. */
    static Dataset<Row> qualityAnnotated(SparkSession spark, TextCleaningSpec spec, Dataset<Row> raw) {
        TextNormalizer normalizer = new TextNormalizer(spec.normalization());
        QualityFilters filters = spec.quality();
        boolean applyFilters = spec.qualityFilter();
        double unspacedShare = spec.quality().unspacedScriptShare();
        StructType readSchema = TextCorpusReader.SCHEMA;
        int textIndex = readSchema.fieldIndex(TextColumns.TEXT);
        int errorIndex = readSchema.fieldIndex(TextColumns.READ_ERROR);
        StructType schema = readSchema
                .add(CHARS_IN, DataTypes.LongType, false)
                .add(TextColumns.SCRIPT, DataTypes.StringType, false)
                .add(TextColumns.REASON, DataTypes.StringType, true)
                .add(TextColumns.DETAIL, DataTypes.StringType, true);
        JavaRDD<Row> rows = raw.select(columns(List.of(readSchema.fieldNames()))).javaRDD().map(row -> {
            String rawText = row.getString(textIndex);
            String readError = row.getString(errorIndex);
            String text = readError != null ? rawText : normalizer.normalize(rawText);
            QualityVerdict verdict;
            if (readError != null) {
                verdict = new QualityVerdict(ScriptClass.of(text, unspacedShare), RemovalReason.UNREADABLE, readError);
            } else if (applyFilters || text.isEmpty()) {
                verdict = filters.evaluate(text);
            } else {
                verdict = new QualityVerdict(ScriptClass.of(text, unspacedShare), null, null);
            }
            Object[] values = new Object[schema.size()];
            for (int i = 0; i < readSchema.size(); i++) {
                values[i] = row.get(i);
            }
            values[textIndex] = text;
            values[readSchema.size()] = (long) rawText.codePointCount(0, rawText.length());
            values[readSchema.size() + 1] = verdict.script().code();
            values[readSchema.size() + 2] = verdict.reason() == null ? null : verdict.reason().code();
            values[readSchema.size() + 3] = verdict.detail();
            return RowFactory.create(values);
        });
        return spark.createDataFrame(rows, schema);
    }

    private static void moveReasonFolders(FileSystem fs, Path staging, Path removed) {
        try {
            fs.mkdirs(removed);
            if (fs.exists(staging)) {
                for (FileStatus status : fs.listStatus(staging)) {
                    String name = status.getPath().getName();
                    if (status.isDirectory() && name.startsWith(REASON_DIR + "=")) {
                        Path target = new Path(removed, name.substring(REASON_DIR.length() + 1));
                        if (!fs.rename(status.getPath(), target)) {
                            throw new IOException("cannot move " + status.getPath() + " to " + target);
                        }
                    }
                }
                fs.delete(staging, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out removed documents under " + removed, e);
        }
    }

    private static void verifyWritten(SparkSession spark, Path kept, Path removed, long docsKept,
                                      Map<String, Long> removedByReason) {
        long keptWritten = spark.read().parquet(kept.toString()).count();
        Map<String, Long> removedWritten = new HashMap<>();
        if (!removedByReason.isEmpty()) {
            Dataset<Row> written = spark.read().parquet(new Path(removed, "*").toString());
            for (Row row : written.groupBy(TextColumns.REASON).count().collectAsList()) {
                removedWritten.put(row.getString(0), row.getLong(1));
            }
        }
        if (keptWritten != docsKept || !removedWritten.equals(removedByReason)) {
            throw new IllegalStateException("written text cleaning output does not match the counts: kept "
                    + keptWritten + " written vs " + docsKept + ", removed " + removedWritten + " written vs "
                    + removedByReason);
        }
    }

    private static FileSystem fileSystem(SparkSession spark, Path path) {
        try {
            return path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file system of " + path, e);
        }
    }

    private static Column[] columns(List<String> names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(col(name));
        }
        return columns.toArray(new Column[0]);
    }
}
