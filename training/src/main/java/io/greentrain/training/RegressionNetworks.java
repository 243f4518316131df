package io.greentrain.training;

import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds the feed-forward regression networks that {@link NetworkSpec} describes. */
public final class RegressionNetworks {

    private RegressionNetworks() {
    }

    /**
     * A new, initialised network: {@code inputs} -> dense hidden layers -> 1 linear output, mean
     * squared error, Adam. Same spec and inputs give the same initial weights.
     */
    public static MultiLayerNetwork build(NetworkSpec spec, int inputs) {
        Activation activation = Activation.valueOf(spec.activation().toUpperCase(Locale.ROOT));
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .updater(new Adam(spec.learningRate()))
                .l2(spec.l2())
                .weightInit(WeightInit.XAVIER)
                .list();
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
