package io.greentrain.preprocessing.features;

import io.greentrain.formats.MinibatchFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * ({@code batch-000000.bin}, ...) and written by the executors through Hadoop's
 * {@link FileSystem}, so any file system the cluster reaches will do.
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
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(conf.value());
            fs.delete(dir, true);
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare minibatch folder " + directory, e);
        }

        JavaPairRDD<Long, Iterable<Tuple2<T, Long>>> batches = orderedExamples
                .zipWithIndex()
                .mapToPair(indexed -> new Tuple2<>(indexed._2() / batchSize, indexed))
                .groupByKey();
        String base = dir.toString();
        List<Tuple2<String, Long>> written = batches.map(batch -> {
            String path = MinibatchFolder.filePath(base, batch._1());
            long count = writeBatch(batch._2(), path, conf, encoder);
            return new Tuple2<>(path, count);
        }).collect();

        List<Tuple2<String, Long>> sorted = new ArrayList<>(written);
        sorted.sort((a, b) -> a._1().compareTo(b._1()));
        List<String> paths = sorted.stream().map(Tuple2::_1).toList();
        long total = sorted.stream().mapToLong(Tuple2::_2).sum();
        return new Written(paths, total);
    }

    private static <T> long writeBatch(Iterable<Tuple2<T, Long>> indexed, String path, SerializableConfiguration conf,
                                       BatchEncoder<T> encoder) throws IOException {
        List<Tuple2<T, Long>> sorted = new ArrayList<>();
        indexed.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a._2(), b._2()));
        List<T> examples = sorted.stream().map(Tuple2::_1).toList();
        ArrayBatch batch = encoder.encode(examples);
        if (batch.featureShape()[0] != examples.size()) {
            throw new IllegalStateException("the encoder returned " + batch.featureShape()[0] + " examples for "
                    + examples.size());
        }
        DataSet dataSet = new DataSet(
                Nd4j.create(batch.features(), batch.featureShape(), 'c').castTo(DataType.FLOAT),
                Nd4j.create(batch.labels(), batch.labelShape(), 'c').castTo(DataType.FLOAT));
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(conf.value());
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
