package io.greentrain.preprocessing.features;

import io.greentrain.formats.MinibatchFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Writes examples as DL4J minibatch files ({@link DataSet#save(OutputStream)}), the input of
 * {@code SparkDl4jMultiLayer.fitPaths}. This is the only place where preprocessing knows DL4J:
 * callers describe a minibatch as plain arrays ({@link ArrayBatch}) and this class turns it into a
 * {@link DataSet}.
 *
 * <p>Examples are cut, in the order given, into files of exactly {@code batchSize} examples; only
 * the last file may be smaller. Files are named and found as {@link MinibatchFolder} says
 * ({@code batch-000000.bin}, ...) and written through Hadoop's {@link FileSystem}, so any file
 * system the cluster reaches will do: by the executors, or by the driver for examples few enough
 * to hold there ({@link #writeSplits}), the same files either way.
 */
public final class MinibatchFiles {

    private MinibatchFiles() {
    }

    /** What was written: the file paths in batch order, and how many examples they hold. */
    public record Written(List<String> paths, long examples) {
    }

    /**
     * One minibatch as row-major float arrays: {@code features} has the shape {@code featureShape}
     * and {@code labels} the shape {@code labelShape}, the first dimension being the examples.
     */
    public record ArrayBatch(float[] features, long[] featureShape, float[] labels, long[] labelShape) {

        public ArrayBatch {
            if (features.length != elements(featureShape) || labels.length != elements(labelShape)) {
                throw new IllegalArgumentException("array lengths do not match shapes " + Arrays.toString(featureShape)
                        + " and " + Arrays.toString(labelShape));
            }
            if (featureShape[0] != labelShape[0]) {
                throw new IllegalArgumentException("features and labels must hold the same number of examples");
            }
        }

        private static long elements(long[] shape) {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    /**
     * Turns the examples of one minibatch, in file order, into arrays. Runs on the executors, so it
     * must be serializable.
     */
    @FunctionalInterface
    public interface BatchEncoder<T> extends Serializable {

        ArrayBatch encode(List<T> examples);
    }

    /**
     * Writes the rows of {@code examples} (a vector feature column and a double target) under
     * {@code directory}, replacing whatever is there. Examples are shuffled by a seeded hash
     * (repeatable, independent of partitioning).
     *
     * @param examples       the examples
     * @param featuresColumn a vector column of {@code examples}
     * @param targetColumn   a double column of {@code examples}
     * @param shuffleKey     a seeded hash of each example's identity; examples are written in its order
     * @param directory      the output folder (any Hadoop FS URI)
     * @param batchSize      examples per file
     */
    public static Written write(SparkSession spark, Dataset<Row> examples, String featuresColumn, String targetColumn,
                                Column shuffleKey, String directory, int batchSize) {
        JavaRDD<Row> ordered = examples
                .select(functions.col(featuresColumn), functions.col(targetColumn), shuffleKey.as("_order"))
                .orderBy("_order")
                .toJavaRDD();
        return write(spark, ordered, directory, batchSize, MinibatchFiles::vectorBatch);
    }

    /**
     * Up to this many bytes of feature and target values (8 bytes each), examples are written from
     * the driver by {@link #writeSplits}: a few MB for tables of thousands of rows, where the Spark
     * jobs of the distributed write cost more than the data. Bigger examples are written by the
     * executors. Either way the files are the same.
     */
    public static final long DRIVER_WRITE_LIMIT_BYTES = 64L << 20;

    private static final AtomicBoolean BACKEND_LOADING = new AtomicBoolean();

    /**
     * What {@link #writeSplits} did.
     *
     * @param rowsPerSplit    the rows of every split found in the examples, written or not
     * @param filesPerSplit   the files of each split written, in the order the splits were given
     * @param writtenByDriver whether the driver wrote the files (else the executors did)
     */
    public record SplitsWritten(Map<String, Long> rowsPerSplit, Map<String, Written> filesPerSplit,
                                boolean writtenByDriver) {
    }

    /**
     * Counts the rows of every split of {@code examples} and writes the examples of each split in
     * {@code directoryBySplit} to its folder, as {@link #write(SparkSession, Dataset, String, String,
     * Column, String, int)} writes one split: the same files, whichever way they are written. When
     * the examples' values take at most {@link #DRIVER_WRITE_LIMIT_BYTES}, one Spark job brings
     * them to the driver, which counts, orders and writes them; otherwise one job counts the splits
     * and the executors write each split (a sort, an index and a grouping each).
     *
     * @param examples         the examples: a split column, a vector feature column and a double target column
     * @param splitColumn      a string column of {@code examples} naming each row's split
     * @param directoryBySplit the splits to write, each with its output folder (any Hadoop FS URI)
     * @param exampleCount     how many rows {@code examples} holds (all splits), and
     * @param featureWidth     the size of its feature vectors: they decide where the files are written, not what
     *                         they hold
     */
    public static SplitsWritten writeSplits(SparkSession spark, Dataset<Row> examples, String splitColumn,
                                            String featuresColumn, String targetColumn, Column shuffleKey,
                                            Map<String, String> directoryBySplit, int batchSize, long exampleCount,
                                            int featureWidth) {
        return writeSplits(spark, examples, splitColumn, featuresColumn, targetColumn, shuffleKey, directoryBySplit,
                batchSize, writesOnDriver(exampleCount, featureWidth));
    }

    /**
     * Whether {@link #writeSplits(SparkSession, Dataset, String, String, String, Column, Map, int, long, int)}
     * writes {@code exampleCount} examples of {@code featureWidth} features from the driver.
     */
    public static boolean writesOnDriver(long exampleCount, int featureWidth) {
        return exampleCount * (featureWidth + 1L) * Double.BYTES <= DRIVER_WRITE_LIMIT_BYTES;
    }

    /**
     * Starts loading ND4J's backend (its native libraries: a second or more of CPU) on a daemon
     * thread of this JVM and returns at once, so that a minibatch file written later in this JVM
     * finds it loaded instead of waiting for it. For a caller that will write files here, with
     * other work to do first; a second call, or one after the backend is loaded, costs nothing more.
     */
    public static void loadBackendInBackground() {
        if (BACKEND_LOADING.compareAndSet(false, true)) {
            Thread loader = new Thread(Nd4j::getBackend, "greentrain-load-nd4j-backend");
            loader.setDaemon(true);
            loader.start();
        }
    }

    static SplitsWritten writeSplits(SparkSession spark, Dataset<Row> examples, String splitColumn,
                                     String featuresColumn, String targetColumn, Column shuffleKey,
                                     Map<String, String> directoryBySplit, int batchSize, boolean onDriver) {
        checkBatchSize(batchSize);
        Map<String, Long> rowsPerSplit = new TreeMap<>();
        Map<String, Written> filesPerSplit = new LinkedHashMap<>();
        if (onDriver) {
            Map<String, List<Row>> rowsToWrite = new LinkedHashMap<>();
            directoryBySplit.keySet().forEach(split -> rowsToWrite.put(split, new ArrayList<>()));
            List<Row> rows = examples.select(functions.col(featuresColumn), functions.col(targetColumn),
                    shuffleKey.as("_order"), functions.col(splitColumn)).collectAsList();
            for (Row row : rows) {
                rowsPerSplit.merge(row.getString(3), 1L, Long::sum);
                List<Row> split = rowsToWrite.get(row.getString(3));
                if (split != null) {
                    split.add(row);
                }
            }
            Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
            rowsToWrite.forEach((split, ordered) -> {
                ordered.sort(Comparator.comparingLong(row -> row.getLong(2)));
                filesPerSplit.put(split, writeFromDriver(hadoopConf, ordered, directoryBySplit.get(split), batchSize,
                        MinibatchFiles::vectorBatch));
            });
        } else {
            for (Row count : examples.groupBy(functions.col(splitColumn)).count().collectAsList()) {
                rowsPerSplit.put(count.getString(0), count.getLong(1));
            }
            directoryBySplit.forEach((split, directory) -> filesPerSplit.put(split, write(spark,
                    examples.filter(functions.col(splitColumn).equalTo(split)), featuresColumn, targetColumn,
                    shuffleKey, directory, batchSize)));
        }
        return new SplitsWritten(rowsPerSplit, filesPerSplit, onDriver);
    }

    /**
     * Writes {@code orderedExamples} under {@code directory}, replacing whatever is there: example
     * number {@code i} of the RDD's order goes to file {@code i / batchSize}, and keeps its order
     * inside the file.
     *
     * @param orderedExamples the examples, in the order they are to be written (e.g. sorted by a seeded key)
     * @param directory       the output folder (any Hadoop FS URI)
     * @param batchSize       examples per file
     * @param encoder         turns one file's examples into arrays
     */
    public static <T> Written write(SparkSession spark, JavaRDD<T> orderedExamples, String directory, int batchSize,
                                    BatchEncoder<T> encoder) {
        checkBatchSize(batchSize);
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        Path dir = emptyFolder(directory, conf.value());

        JavaPairRDD<Long, Iterable<Tuple2<T, Long>>> batches = orderedExamples
                .zipWithIndex()
                .mapToPair(indexed -> new Tuple2<>(indexed._2() / batchSize, indexed))
                .groupByKey();
        String base = dir.toString();
        List<Tuple2<String, Long>> written = batches.map(batch -> {
            String path = MinibatchFolder.filePath(base, batch._1());
            List<Tuple2<T, Long>> indexed = new ArrayList<>();
            batch._2().forEach(indexed::add);
            indexed.sort((a, b) -> Long.compare(a._2(), b._2()));
            long count = writeBatch(indexed.stream().map(Tuple2::_1).toList(), path, conf.value(), encoder);
            return new Tuple2<>(path, count);
        }).collect();

        List<Tuple2<String, Long>> sorted = new ArrayList<>(written);
        sorted.sort((a, b) -> a._1().compareTo(b._1()));
        List<String> paths = sorted.stream().map(Tuple2::_1).toList();
        long total = sorted.stream().mapToLong(Tuple2::_2).sum();
        return new Written(paths, total);
    }

    /**
     * Writes {@code orderedExamples}, which the driver holds, under {@code directory} from the
     * driver, replacing whatever is there: the same files, byte for byte, as
     * {@link #write(SparkSession, JavaRDD, String, int, BatchEncoder)} writes for the same examples
     * in the same order, without its Spark jobs (an index and a grouping). For examples that fit in
     * the driver's memory; the files are written one after the other, on the calling thread.
     *
     * @param hadoopConf      the Hadoop configuration to reach {@code directory} with
     * @param orderedExamples the examples, in the order they are to be written
     * @param directory       the output folder (any Hadoop FS URI)
     * @param batchSize       examples per file
     * @param encoder         turns one file's examples into arrays
     */
    public static <T> Written writeFromDriver(Configuration hadoopConf, List<T> orderedExamples, String directory,
                                              int batchSize, BatchEncoder<T> encoder) {
        checkBatchSize(batchSize);
        String base = emptyFolder(directory, hadoopConf).toString();
        List<String> paths = new ArrayList<>();
        for (int first = 0; first < orderedExamples.size(); first += batchSize) {
            String path = MinibatchFolder.filePath(base, first / batchSize);
            List<T> examples = orderedExamples.subList(first, Math.min(first + batchSize, orderedExamples.size()));
            try {
                writeBatch(examples, path, hadoopConf, encoder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write minibatch file " + path, e);
            }
            paths.add(path);
        }
        return new Written(paths, orderedExamples.size());
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
    }

    /** Removes {@code directory} with everything in it and makes it again, empty. */
    private static Path emptyFolder(String directory, Configuration hadoopConf) {
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            fs.delete(dir, true);
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare minibatch folder " + directory, e);
        }
        return dir;
    }

    private static <T> long writeBatch(List<T> examples, String path, Configuration hadoopConf,
                                       BatchEncoder<T> encoder) throws IOException {
        ArrayBatch batch = encoder.encode(examples);
        if (batch.featureShape()[0] != examples.size()) {
            throw new IllegalStateException("the encoder returned " + batch.featureShape()[0] + " examples for "
                    + examples.size());
        }
        DataSet dataSet = new DataSet(
                Nd4j.create(batch.features(), batch.featureShape(), 'c').castTo(DataType.FLOAT),
                Nd4j.create(batch.labels(), batch.labelShape(), 'c').castTo(DataType.FLOAT));
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(hadoopConf);
        try (FSDataOutputStream out = fs.create(target, true)) {
            dataSet.save(out);
        }
        return examples.size();
    }

    /** Rows of (vector features, double target) to a [n, width] feature matrix and a [n, 1] target column. */
    private static ArrayBatch vectorBatch(List<Row> rows) {
        int n = rows.size();
        int width = ((Vector) rows.get(0).get(0)).size();
        float[] features = new float[n * width];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            double[] values = ((Vector) row.get(0)).toArray();
            for (int j = 0; j < width; j++) {
                features[i * width + j] = (float) values[j];
            }
            targets[i] = (float) row.getDouble(1);
        }
        return new ArrayBatch(features, new long[] {n, width}, targets, new long[] {n, 1});
    }
}
