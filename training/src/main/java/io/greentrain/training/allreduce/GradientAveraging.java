package io.greentrain.training.allreduce;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

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
 * flattened gradient as their gradients view. Gradients travel as 32-bit floats, summed in place in
 * the gradient's own buffer ({@link HostFloats}). Not thread-safe; used by one replica's training
 * thread.
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
        INDArray staging = HostFloats.staging(gradient);
        if (!counting) {
            staging.assign(0);
        }
        // The example count rides at the end of the gradient: one exchange per step, not two.
        float[] examples = {counting ? model.batchSize() : 0};
        ring.sum(HostFloats.view(staging), examples);
        float total = examples[0];
        if (!(total > 0)) {
            throw new AllreduceException("no replica fitted an example in this step");
        }
        HostFloats.release(gradient, staging);
        gradient.muli(model.batchSize() / total);
    }
}
