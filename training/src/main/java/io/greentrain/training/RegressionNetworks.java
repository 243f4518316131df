package io.greentrain.training;

import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the feed-forward regression networks that {@link NetworkSpec} describes. */
public final class RegressionNetworks {

    private RegressionNetworks() {
    }

    /**
     * A new, initialised network for a run of one epoch of one step: enough for a constant
     * learning rate; a scheduled one needs {@link #build(NetworkSpec, int, int, int)}.
     */
    public static MultiLayerNetwork build(NetworkSpec spec, int inputs) {
        return build(spec, inputs, 1, 1);
    }

    /**
     * A new, initialised network: {@code inputs} -> dense hidden layers -> 1 linear output, mean
     * squared error, parameters and activations in the spec's data type, the spec's optimiser with its learning-rate schedule laid over a run of
     * {@code epochs} epochs of {@code stepsPerEpoch} minibatch steps (per replica). Same spec and
     * inputs give the same initial weights.
     */
    public static MultiLayerNetwork build(NetworkSpec spec, int inputs, int stepsPerEpoch, int epochs) {
        Activation activation = Activation.valueOf(spec.activation().toUpperCase(Locale.ROOT));
        OptimizerSpec optimizer = spec.optimizer();
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .updater(optimizer.updater(spec.learningRate(), stepsPerEpoch, epochs))
                .l2(spec.l2())
                .dataType(spec.nd4jDataType())
                .weightInit(WeightInit.XAVIER);
        if (optimizer.decoupledWeightDecay() > 0) {
            builder.weightDecay(optimizer.decoupledWeightDecay(), true);
        }
        NeuralNetConfiguration.ListBuilder layers = builder.list();
        int previous = inputs;
        for (int width : spec.hiddenLayers()) {
            layers.layer(new DenseLayer.Builder().nIn(previous).nOut(width).activation(activation).build());
            previous = width;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nIn(previous).nOut(1).activation(Activation.IDENTITY).build());
        MultiLayerConfiguration configuration = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }
}
