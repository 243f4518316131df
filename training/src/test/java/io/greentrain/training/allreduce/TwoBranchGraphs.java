package io.greentrain.training.allreduce;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Test networks that are graphs, not layer stacks: the input in two branches merged before the output. */
final class TwoBranchGraphs {

    private TwoBranchGraphs() {
    }

    /**
     * An initialised graph of {@code features} inputs: a ReLU branch of {@code reluUnits} and a tanh
     * branch of 4 units, merged into one linear output, trained with Adam 1e-2 (MSE).
     */
    static ComputationGraph of(int features, int reluUnits, long seed) {
        ComputationGraphConfiguration configuration = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("in")
                .addLayer("relu", new DenseLayer.Builder().nIn(features).nOut(reluUnits).activation(Activation.RELU)
                        .build(), "in")
                .addLayer("tanh", new DenseLayer.Builder().nIn(features).nOut(4).activation(Activation.TANH).build(), "in")
                .addVertex("merged", new MergeVertex(), "relu", "tanh")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(reluUnits + 4).nOut(1)
                        .activation(Activation.IDENTITY).build(), "merged")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        return graph;
    }
}
