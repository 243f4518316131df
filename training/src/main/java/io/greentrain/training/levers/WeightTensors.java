package io.greentrain.training.levers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The weight matrices of a network's layers (biases left out): what pruning and quantisation act on. */
final class WeightTensors {

    private WeightTensors() {
    }

    /** Views of every layer's {@code W} parameter, in layer order; writing to them writes to the network. */
    static List<INDArray> of(MultiLayerNetwork network) {
        List<INDArray> weights = new ArrayList<>();
        for (int layer = 0; layer < network.getnLayers(); layer++) {
            Map<String, INDArray> table = network.getLayer(layer).paramTable();
            INDArray weight = table.get(DefaultParamInitializer.WEIGHT_KEY);
            if (weight != null) {
                weights.add(weight);
            }
        }
        return weights;
    }
}
