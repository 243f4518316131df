package io.greentrain.training.levers;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Post-training 8-bit weight quantisation, simulated: each layer's weight matrix is mapped to the
 * integers -127..127 with one symmetric scale per matrix ({@code max |w| / 127}), then mapped back
 * (quantise, dequantise), so the network computes in float with exactly the values an int8 model
 * would hold. Every weight moves by at most half a step ({@code scale / 2}); biases stay in float.
 */
public final class Int8Quantization {

    /** The largest integer of the symmetric int8 range. */
    public static final int LEVELS = 127;

    /**
     * What quantisation did.
     *
     * @param scales         the step of each weight matrix, in layer order
     * @param maxError       the largest change of any weight
     * @param maxErrorInSteps the largest change of any weight as a share of its matrix's step
     */
    public record Result(List<Double> scales, double maxError, double maxErrorInSteps)
            implements java.io.Serializable {
    }

    private Int8Quantization() {
    }

    /** Quantises and dequantises {@code network}'s weights in place. */
    public static Result quantizeDequantize(MultiLayerNetwork network) {
        List<INDArray> weights = WeightTensors.of(network);
        List<Double> scales = new java.util.ArrayList<>();
        double maxError = 0;
        double maxInSteps = 0;
        for (INDArray weight : weights) {
            double largest = weight.amaxNumber().doubleValue();
            double scale = largest > 0 ? largest / LEVELS : 1;
            INDArray original = weight.dup();
            INDArray levels = Transforms.round(weight.div(scale), false);
            weight.assign(levels.muli(scale));
            double error = Transforms.abs(weight.sub(original), false).maxNumber().doubleValue();
            maxError = Math.max(maxError, error);
            maxInSteps = Math.max(maxInSteps, error / scale);
            scales.add(scale);
        }
        return new Result(List.copyOf(scales), maxError, maxInSteps);
    }
}
