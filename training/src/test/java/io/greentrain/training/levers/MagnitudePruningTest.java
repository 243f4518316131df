package io.greentrain.training.levers;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MagnitudePruningTest {

    private static MultiLayerNetwork network() {
        return RegressionNetworks.build(new NetworkSpec(List.of(16, 8), "relu", 0.01, 0, 3), 5);
    }

    @Test
    void zeroesTheAskedShareOfTheWeightsCountedAsZerosAndKeepsTheLargestOnes() {
        MultiLayerNetwork network = network();
        // 5 x 16 + 16 x 8 + 8 x 1 weights.
        long weights = 5 * 16 + 16 * 8 + 8;
        float largest = WeightTensors.of(network).stream().map(w -> w.amaxNumber().floatValue())
                .reduce(0f, Math::max);

        MagnitudePruning.Result result = MagnitudePruning.prune(network, 0.7);

        assertThat(result.weights()).isEqualTo(weights);
        assertThat(MagnitudePruning.countZeros(network)).isEqualTo(Math.round(0.7 * weights)).isEqualTo(result.zeros());
        assertThat(result.sparsity()).isCloseTo(0.7, org.assertj.core.api.Assertions.within(0.01));
        assertThat(WeightTensors.of(network).stream().map(w -> w.amaxNumber().floatValue()).reduce(0f, Math::max))
                .isEqualTo(largest);
        for (INDArray weight : WeightTensors.of(network)) {
            for (float value : weight.dup().data().asFloat()) {
                assertThat(value == 0 || Math.abs(value) >= result.threshold()).isTrue();
            }
        }
    }

    @Test
    void aPrunedNetworkStillPredictsAndStaysSparseWhileFineTuned() {
        MultiLayerNetwork network = network();
        MagnitudePruning.Result pruned = MagnitudePruning.prune(network, 0.5);
        network.addListeners(MagnitudePruning.keepPruned(network));
        DataSet data = new DataSet(Nd4j.rand(32, 5), Nd4j.rand(32, 1));

        for (int step = 0; step < 5; step++) {
            network.fit(data);
        }

        assertThat(MagnitudePruning.countZeros(network)).isGreaterThanOrEqualTo(pruned.zeros());
        INDArray predictions = network.output(data.getFeatures());
        assertThat(predictions.shape()).containsExactly(32L, 1L);
        assertThat(predictions.isNaN().any()).isFalse();
    }

    @Test
    void pruneAndFineTuneReachesTheSparsityKeepsItThroughFineTuningAndLeavesTheListenersAsTheyWere() {
        MultiLayerNetwork network = network();
        org.deeplearning4j.optimize.listeners.ScoreIterationListener own =
                new org.deeplearning4j.optimize.listeners.ScoreIterationListener(1000);
        network.setListeners(own);
        List<DataSet> minibatches = List.of(new DataSet(Nd4j.rand(16, 5), Nd4j.rand(16, 1)),
                new DataSet(Nd4j.rand(16, 5), Nd4j.rand(16, 1)));

        MagnitudePruning.FineTuned tuned = MagnitudePruning.pruneAndFineTune(network, 0.5, minibatches, 3);

        assertThat(tuned.epochs()).isEqualTo(3);
        assertThat(tuned.examplesFitted()).isEqualTo(3 * 32);
        assertThat(tuned.pruned().sparsity()).isCloseTo(0.5, org.assertj.core.api.Assertions.within(0.01));
        assertThat(tuned.zerosAfter()).isEqualTo(MagnitudePruning.countZeros(network))
                .isGreaterThanOrEqualTo(tuned.pruned().zeros());
        assertThat(tuned.sparsityAfter()).isGreaterThanOrEqualTo(0.5 - 0.01);
        assertThat(network.getListeners()).containsExactly(own);
    }
}
