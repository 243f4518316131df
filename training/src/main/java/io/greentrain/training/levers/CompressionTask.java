package io.greentrain.training.levers;

import io.greentrain.training.NetworkFiles;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Compresses a saved network as the levers job asks (global magnitude pruning with fine-tuning,
 * then int8 quantise-dequantise) in one Spark task, and saves the result beside it. It runs as a
 * task rather than on the driver so that the energy plugin charges its work to the caller's phase:
 * the plugin attributes energy to the phases of running tasks, and counts work on the driver
 * outside any task as idle. One task suffices for the small networks and data sets of a levers
 * comparison; the fine-tuning minibatches are read by that task, from any Hadoop file system.
 *
 * <p>Called on the driver; blocks until the task ends.
 */
public final class CompressionTask {

    /**
     * What to do.
     *
     * @param sparsity       the share of weights to prune, in [0, 1); 0 for no pruning
     * @param fineTuneEpochs passes over the training minibatches after pruning
     * @param int8           whether to quantise and dequantise the weights (after pruning, if any)
     */
    public record Request(double sparsity, int fineTuneEpochs, boolean int8) implements Serializable {

        public Request {
            if (!(sparsity >= 0 && sparsity < 1)) {
                throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
            }
            if (fineTuneEpochs < 0) {
                throw new IllegalArgumentException("fine-tuning epochs must not be negative, got " + fineTuneEpochs);
            }
        }

        /** Whether there is anything to do. */
        public boolean compresses() {
            return sparsity > 0 || int8;
        }
    }

    /**
     * What was done.
     *
     * @param pruning      pruning and fine-tuning; null when not asked
     * @param quantization quantisation; null when not asked
     * @param weights      weights of the network (biases not counted)
     * @param zeros        weights that are zero in the saved result
     */
    public record Outcome(MagnitudePruning.FineTuned pruning, Int8Quantization.Result quantization, long weights,
                         long zeros) implements Serializable {

        /** The share of the weights that are zero in the saved result. */
        public double sparsity() {
            return weights == 0 ? 0 : (double) zeros / weights;
        }
    }

    private CompressionTask() {
    }

    /**
     * Reads the network at {@code modelIn}, compresses it as {@code request} says, fine-tuning on the
     * minibatch files in {@code trainMinibatches}, and writes it to {@code modelOut} (without updater
     * state: the result is for inference), in one task of {@code jsc}.
     */
    public static Outcome run(JavaSparkContext jsc, String modelIn, String modelOut, String trainMinibatches,
                              Request request) {
        SerializableConfiguration conf = new SerializableConfiguration(jsc.hadoopConfiguration());
        return jsc.parallelize(List.of(0), 1)
                .map(ignored -> compress(modelIn, modelOut, trainMinibatches, request, conf))
                .collect().get(0);
    }

    private static Outcome compress(String modelIn, String modelOut, String trainMinibatches, Request request,
                                    SerializableConfiguration conf) {
        MultiLayerNetwork network = NetworkFiles.load(modelIn, conf.value());
        MagnitudePruning.FineTuned pruning = null;
        if (request.sparsity() > 0) {
            List<DataSet> minibatches = request.fineTuneEpochs() == 0 ? List.of()
                    : MinibatchRebatching.read(trainMinibatches, conf.value());
            pruning = MagnitudePruning.pruneAndFineTune(network, request.sparsity(), minibatches,
                    request.fineTuneEpochs());
        }
        Int8Quantization.Result quantization = request.int8() ? Int8Quantization.quantizeDequantize(network) : null;
        NetworkFiles.save(network, modelOut, false, conf.value());
        long weights = WeightTensors.of(network).stream().mapToLong(w -> w.length()).sum();
        return new Outcome(pruning, quantization, weights, MagnitudePruning.countZeros(network));
    }
}
