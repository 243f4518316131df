package io.greentrain.training.levers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Global magnitude pruning (Han et al., 2015): the weights with the smallest absolute values,
 * across all layers together, are set to zero until the asked share of the weights is zero; biases
 * are kept. {@link #keepPruned} holds the pruned weights at zero while the network is fine-tuned.
 */
public final class MagnitudePruning {

    /**
     * What pruning did.
     *
     * @param weights   weights in the network (biases not counted)
     * @param zeros     weights that are zero after pruning
     * @param threshold the magnitude below or at which weights were zeroed
     */
    public record Result(long weights, long zeros, double threshold) implements java.io.Serializable {
        public double sparsity() {
            return weights == 0 ? 0 : (double) zeros / weights;
        }
    }

    private MagnitudePruning() {
    }

    /**
     * Zeroes the {@code sparsity} share of {@code network}'s weights with the smallest magnitudes, in
     * place. Ties at the threshold are broken by position so that exactly
     * {@code round(sparsity x weights)} weights are zero (more when some already were).
     */
    public static Result prune(MultiLayerNetwork network, double sparsity) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("sparsity must be in [0, 1), got " + sparsity);
        }
        List<INDArray> weights = WeightTensors.of(network);
        int total = weights.stream().mapToInt(w -> (int) w.length()).sum();
        float[] magnitudes = new float[total];
        int at = 0;
        for (INDArray weight : weights) {
            float[] values = weight.dup().data().asFloat();
            for (float value : values) {
                magnitudes[at++] = Math.abs(value);
            }
        }
        int toPrune = (int) Math.round(sparsity * total);
        if (toPrune == 0) {
            return new Result(total, countZeros(network), 0);
        }
        float[] sorted = magnitudes.clone();
        Arrays.sort(sorted);
        float threshold = sorted[toPrune - 1];
        long belowThreshold = 0;
        for (float magnitude : magnitudes) {
            if (magnitude < threshold) {
                belowThreshold++;
            }
        }
        long atThresholdToPrune = toPrune - belowThreshold;
        for (INDArray weight : weights) {
            INDArray flat = weight.reshape(weight.length());
            for (long i = 0; i < flat.length(); i++) {
                float magnitude = Math.abs(flat.getFloat(i));
                if (magnitude < threshold || (magnitude == threshold && atThresholdToPrune-- > 0)) {
                    weight.putScalar(unravel(weight, i), 0);
                }
            }
        }
        return new Result(total, countZeros(network), threshold);
    }

    /**
     * What {@link #pruneAndFineTune} did.
     *
     * @param pruned          what pruning did, before fine-tuning
     * @param zerosAfter      weights that are zero after fine-tuning (at least {@code pruned.zeros()})
     * @param epochs          passes over the minibatches
     * @param examplesFitted  examples fitted in all
     */
    public record FineTuned(Result pruned, long zerosAfter, int epochs, long examplesFitted)
            implements java.io.Serializable {
        /** The share of the weights that are zero after fine-tuning. */
        public double sparsityAfter() {
            return pruned.weights() == 0 ? 0 : (double) zerosAfter / pruned.weights();
        }
    }

    /**
     * Prunes {@code network} to {@code sparsity} ({@link #prune}), then fine-tunes it in place, on the
     * calling thread, for {@code epochs} passes over {@code minibatches} in order, the pruned weights
     * held at zero ({@link #keepPruned}); the network's own listeners are left as they were.
     */
    public static FineTuned pruneAndFineTune(MultiLayerNetwork network, double sparsity,
                                             List<org.nd4j.linalg.dataset.DataSet> minibatches, int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("fine-tuning epochs must not be negative, got " + epochs);
        }
        Result pruned = prune(network, sparsity);
        java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners =
                new ArrayList<>(network.getListeners());
        network.addListeners(keepPruned(network));
        long examples = 0;
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (org.nd4j.linalg.dataset.DataSet batch : minibatches) {
                    network.fit(batch);
                    examples += batch.numExamples();
                }
            }
        } finally {
            network.setListeners(listeners);
        }
        return new FineTuned(pruned, countZeros(network), epochs, examples);
    }

    /** Weights (biases not counted) that are exactly zero. */
    public static long countZeros(MultiLayerNetwork network) {
        long zeros = 0;
        for (INDArray weight : WeightTensors.of(network)) {
            zeros += weight.length() - Nd4j.getExecutioner().exec(
                    new org.nd4j.linalg.api.ops.impl.reduce.longer.CountNonZero(weight)).getInt(0);
        }
        return zeros;
    }

    /**
     * A listener that sets the weights that are zero now back to zero after every step, so that
     * fine-tuning a pruned network keeps its sparsity. Add it to the network before fitting.
     */
    public static BaseTrainingListener keepPruned(MultiLayerNetwork network) {
        List<INDArray> weights = WeightTensors.of(network);
        List<INDArray> masks = weights.stream().map(w -> Transforms.abs(w, true).gt(0).castTo(w.dataType())).toList();
        return new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                List<INDArray> current = WeightTensors.of(network);
                for (int i = 0; i < current.size(); i++) {
                    current.get(i).muli(masks.get(i));
                }
            }
        };
    }

    private static long[] unravel(INDArray array, long flatIndex) {
        return org.nd4j.linalg.api.shape.Shape.ind2subC(array, flatIndex);
    }
}
