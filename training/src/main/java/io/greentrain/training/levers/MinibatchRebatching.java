package io.greentrain.training.levers;

import io.greentrain.formats.MinibatchFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Batch size as a lever without converting the data again: the minibatch files of a folder are read
 * on the driver, joined in batch order and cut into files of another size, examples keeping their
 * order (only the last file may be smaller, as {@code convert} writes them). Everything passes
 * through the driver's memory, so this is for data sets that fit there, as a levers comparison's
 * prepared data usually does (Ames: about 2,000 examples of 300 features, a few MB); a large data set
 * is converted again with the other {@code greentrain.train.batch-size-per-worker} instead.
 *
 * <p>Driver-only.
 */
public final class MinibatchRebatching {

    /**
     * What was written.
     *
     * @param files     the new minibatch files, in batch order
     * @param examples  the examples they hold (as many as were read)
     * @param batchSize the examples per file (the last may hold fewer)
     */
    public record Result(List<String> files, long examples, int batchSize) {
    }

    private MinibatchRebatching() {
    }

    /**
     * Writes the examples of the minibatch files in {@code from} into {@code to} (replacing whatever
     * is there) as files of {@code batchSize} examples.
     *
     * @throws IllegalArgumentException when {@code batchSize} is below 1 or {@code from} holds no minibatch files
     * @throws UncheckedIOException     naming the file that cannot be read or written
     */
    public static Result rebatch(String from, String to, int batchSize, Configuration conf) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        List<DataSet> batches = read(from, conf);
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("no minibatch files at " + from + ": run convert first");
        }
        List<DataSet> cut = cut(batches, batchSize);
        Path dir = new Path(to);
        List<String> files = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.delete(dir, true);
            fs.mkdirs(dir);
            for (int i = 0; i < cut.size(); i++) {
                String file = MinibatchFolder.filePath(to, i);
                try (FSDataOutputStream out = fs.create(new Path(file), true)) {
                    cut.get(i).save(out);
                }
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write minibatch files to " + to, e);
        }
        return new Result(List.copyOf(files), cut.stream().mapToLong(DataSet::numExamples).sum(), batchSize);
    }

    /** The minibatches of a folder's files, in batch order; empty when it holds none. */
    public static List<DataSet> read(String folder, Configuration conf) {
        List<DataSet> batches = new ArrayList<>();
        for (String file : MinibatchFolder.list(folder, conf)) {
            Path path = new Path(file);
            try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
                DataSet batch = new DataSet();
                batch.load(in);
                batches.add(batch);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read minibatch file " + file, e);
            }
        }
        return batches;
    }

    /**
     * The examples of {@code batches}, in order, as minibatches of {@code batchSize} examples; only
     * the last may hold fewer.
     */
    public static List<DataSet> cut(List<DataSet> batches, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        DataSet all = DataSet.merge(batches);
        List<DataSet> cut = new ArrayList<>();
        int examples = all.numExamples();
        for (int start = 0; start < examples; start += batchSize) {
            int end = Math.min(examples, start + batchSize);
            cut.add(new DataSet(
                    all.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(),
                    all.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()).dup()));
        }
        return cut;
    }
}
