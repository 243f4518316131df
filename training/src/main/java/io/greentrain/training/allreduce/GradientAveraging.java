package io.greentrain.training.allreduce;

import java.util.Arrays;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes every replica's step use the gradient of the union of all replicas' minibatches.
 *
 * <p>DL4J calls {@link #onGradientCalculation} after backpropagation and before the updater. At
 * that point the flattened gradient is the sum over the local minibatch of {@code b} examples; the
 * updater will divide it by {@code b}, regularise, and apply Adam (or whichever updater). Here the
 * sums of all replicas and their example counts are added up across the ring, and the local
 * gradient is replaced by {@code sum x b / total}, so that after the updater's division every
 * replica applies {@code sum / total}: the mean gradient of one minibatch of {@code total}
 * examples. Identical replicas with identical updaters then stay identical.
 *
 * <p>A replica that has run out of minibatches in an epoch still takes part in every step (the
 * ring needs all workers): it fits a minibatch it has already fitted, marked as not counting, and
 * contributes a zero gradient and zero examples.
 *
 * <p>Works for a {@code MultiLayerNetwork} and a {@code ComputationGraph} alike: both expose the
 * flattened gradient as their gradients view. Gradients travel as 32-bit floats. Not thread-safe; used by one replica's training thread.
 */
final class GradientAveraging extends BaseTrainingListener {

    private final RingAllreduce ring;
    private boolean counting = true;

    GradientAveraging(RingAllreduce ring) {
        this.ring = ring;
    }

    /** Whether the next step's minibatch counts (false for a repeat that keeps an idle replica in step). */
    void countNextStep(boolean counting) {
        this.counting = counting;
    }

    @Override
    public void onGradientCalculation(Model model) {
        INDArray gradient = model.getGradientsViewArray();
        long length = gradient.length();
        float[] values = new float[Math.toIntExact(length + 1)];
        if (counting) {
            float[] local = gradient.toFloatVector();
            System.arraycopy(local, 0, values, 0, local.length);
            values[values.length - 1] = model.batchSize();
        }
        ring.sum(values);
        float total = values[values.length - 1];
        if (!(total > 0)) {
            throw new AllreduceException("no replica fitted an example in this step");
        }
        float scale = model.batchSize() / total;
        for (int i = 0; i < length; i++) {
            values[i] *= scale;
        }
        gradient.assign(Nd4j.createFromArray(Arrays.copyOf(values, (int) length))
                .castTo(gradient.dataType()).reshape(gradient.shape()));
    }
}
