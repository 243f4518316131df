package io.greentrain.training.lm;

import io.greentrain.energy.api.Phases;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Measures held-out cross-entropy on the executors: the network's configuration and parameters are
 * broadcast, each task rebuilds the network once and runs it forward over its share of the
 * held-out sequence files, and only three numbers per task come back to the driver.
 *
 * <p>Distributed rather than on the driver because the held-out split grows with the corpus: the
 * driver would read every file itself, one core at a time, while the executors already read their
 * files in parallel during training. Every label of every file counts, so the result is exact, not
 * sampled, and does not depend on how the files are spread over tasks (up to float rounding).
 */
public final class HeldOutEvaluator {

    /** The smallest probability counted, so that a token the model rules out costs a finite ~69 nats. */
    static final double MIN_PROBABILITY = 1e-30;

    private final JavaSparkContext sc;
    private final int parallelism;

    /**
     * @param parallelism the most tasks an evaluation runs (e.g. the trainer's workers)
     */
    public HeldOutEvaluator(JavaSparkContext sc, int parallelism) {
        this.sc = sc;
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Scores {@code network} and {@code unigram} on every label of the sequence files in
     * {@code paths} (as {@code SequenceExporter} writes them). Its Spark jobs run in the phase
     * {@code phase}; the caller's phase is restored afterwards.
     */
    public HeldOutScore evaluate(MultiLayerNetwork network, List<String> paths, UnigramModel unigram, String phase) {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no held-out sequence files to evaluate on");
        }
        Phases.Scope evaluating = Phases.scope(sc.sc(), phase);
        Broadcast<String> configuration = sc.broadcast(network.getLayerWiseConfigurations().toJson());
        Broadcast<INDArray> parameters = sc.broadcast(network.params().dup());
        Broadcast<UnigramModel> baseline = sc.broadcast(unigram);
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        try {
            double[] sums = sc.parallelize(paths, Math.min(paths.size(), parallelism))
                    .mapPartitions((Iterator<String> files) -> {
                        MultiLayerNetwork copy = new MultiLayerNetwork(
                                MultiLayerConfiguration.fromJson(configuration.value()));
                        copy.init(parameters.value().dup(), false);
                        double[] partial = new double[3];
                        while (files.hasNext()) {
                            score(copy, load(files.next(), conf), baseline.value(), partial);
                        }
                        List<double[]> one = new ArrayList<>();
                        one.add(partial);
                        return one.iterator();
                    })
                    .reduce((a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
            return new HeldOutScore((long) sums[0], sums[1], sums[2]);
        } finally {
            configuration.destroy(false);
            parameters.destroy(false);
            baseline.destroy(false);
            evaluating.close();
        }
    }

    private static DataSet load(String file, SerializableConfiguration conf) throws IOException {
        Path path = new Path(file);
        DataSet batch = new DataSet();
        try (InputStream in = path.getFileSystem(conf.value()).open(path)) {
            batch.load(in);
        }
        return batch;
    }

    /**
     * Adds to {@code sums} the tokens of {@code batch} and the model's and the baseline's summed
     * {@code -ln p(label)}: features and labels {@code [n, 1, L]}, output {@code [n, V, L]}.
     */
    static void score(MultiLayerNetwork network, DataSet batch, UnigramModel unigram, double[] sums) {
        INDArray output = network.output(batch.getFeatures(), false).dup('c');
        int n = (int) output.size(0);
        int vocabulary = (int) output.size(1);
        int length = (int) output.size(2);
        float[] probabilities = output.data().asFloat();
        float[] labels = batch.getLabels().dup('c').data().asFloat();
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                int label = (int) labels[i * length + t];
                double p = probabilities[(i * vocabulary + label) * length + t];
                sums[0] += 1;
                sums[1] -= Math.log(Math.max(p, MIN_PROBABILITY));
                sums[2] -= unigram.logProbability(label);
            }
        }
    }
}
