package io.greentrain.preprocessing.features;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.util.SerializableConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Writes examples as DL4J minibatch files ({@link DataSet#save(OutputStream)}), the input of
 * {@code SparkDl4jMultiLayer.fitPaths}. This is the only place where preprocessing knows DL4J.
 *
 * <p>Examples are shuffled by a seeded hash (repeatable, independent of partitioning) and cut into
 * files of exactly {@code batchSize} examples; only the last file may be smaller. Files are named
 * {@code batch-000000.bin}, ... and written by the executors through Hadoop's {@link FileSystem},
 * so any file system the cluster reaches will do.
 */
public final class MinibatchFiles {

    private MinibatchFiles() {
    }

    /** What was written: the file paths in batch order, and how many examples they hold. */
    public record Written(List<String> paths, long examples) {
    }

    /**
     * Writes {@code examples} under {@code directory}, replacing whatever is there.
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
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(conf.value());
            fs.delete(dir, true);
            fs.mkdirs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare minibatch folder " + directory, e);
        }

        Dataset<Row> shuffled = examples
                .select(functions.col(featuresColumn), functions.col(targetColumn), shuffleKey.as("_order"))
                .orderBy("_order");
        JavaPairRDD<Long, Iterable<Tuple2<Row, Long>>> batches = shuffled.toJavaRDD()
                .zipWithIndex()
                .mapToPair(indexed -> new Tuple2<>(indexed._2() / batchSize, indexed))
                .groupByKey();
        String base = dir.toString();
        List<Tuple2<String, Long>> written = batches.map(batch -> {
            String path = base + "/" + String.format("batch-%06d.bin", batch._1());
            long count = writeBatch(batch._2(), path, conf);
            return new Tuple2<>(path, count);
        }).collect();

        List<Tuple2<String, Long>> sorted = new ArrayList<>(written);
        sorted.sort((a, b) -> a._1().compareTo(b._1()));
        List<String> paths = sorted.stream().map(Tuple2::_1).toList();
        long total = sorted.stream().mapToLong(Tuple2::_2).sum();
        return new Written(paths, total);
    }

    private static long writeBatch(Iterable<Tuple2<Row, Long>> rows, String path, SerializableConfiguration conf)
            throws IOException {
        List<Tuple2<Row, Long>> ordered = new ArrayList<>();
        rows.forEach(ordered::add);
        ordered.sort((a, b) -> Long.compare(a._2(), b._2()));
        int n = ordered.size();
        int width = ((Vector) ordered.get(0)._1().get(0)).size();
        float[][] features = new float[n][width];
        float[][] targets = new float[n][1];
        Iterator<Tuple2<Row, Long>> it = ordered.iterator();
        for (int i = 0; i < n; i++) {
            Row row = it.next()._1();
            double[] values = ((Vector) row.get(0)).toArray();
            for (int j = 0; j < width; j++) {
                features[i][j] = (float) values[j];
            }
            targets[i][0] = (float) row.getDouble(1);
        }
        INDArray x = Nd4j.create(features).castTo(DataType.FLOAT);
        INDArray y = Nd4j.create(targets).castTo(DataType.FLOAT);
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(conf.value());
        try (FSDataOutputStream out = fs.create(target, true)) {
            new DataSet(x, y).save(out);
        }
        return n;
    }
}
