package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

class RegressionNetworksTest {

    private static final NetworkSpec SPEC = new NetworkSpec(List.of(8, 4), "relu", 0.005, 1e-4, 11);

    private static Layer layer(MultiLayerNetwork network, int index) {
        return network.getLayerWiseConfigurations().getConf(index).getLayer();
    }

    @Test
    void stacksTheHiddenLayersThenOneLinearMseOutput() {
        MultiLayerNetwork network = RegressionNetworks.build(SPEC, 5);

        assertThat(network.getnLayers()).isEqualTo(3);
        DenseLayer first = (DenseLayer) layer(network, 0);
        DenseLayer second = (DenseLayer) layer(network, 1);
        OutputLayer output = (OutputLayer) layer(network, 2);
        assertThat(List.of(first.getNIn(), first.getNOut(), second.getNIn(), second.getNOut(), output.getNIn(), output.getNOut()))
                .containsExactly(5L, 8L, 8L, 4L, 4L, 1L);
        assertThat(first.getActivationFn()).isInstanceOf(ActivationReLU.class);
        assertThat(second.getActivationFn()).isInstanceOf(ActivationReLU.class);
        assertThat(output.getActivationFn()).isInstanceOf(ActivationIdentity.class);
        assertThat(output.getLossFn()).isInstanceOf(LossMSE.class);
        // (5 * 8 + 8) + (8 * 4 + 4) + (4 * 1 + 1) weights and biases.
        assertThat(network.numParams()).isEqualTo(89);
    }

    @Test
    void trainsWithAdamAtTheSpecifiedLearningRateAndL2() {
        MultiLayerNetwork network = RegressionNetworks.build(SPEC, 5);

        assertThat(first(network).getIUpdater()).isInstanceOfSatisfying(Adam.class,
                adam -> assertThat(adam.getLearningRate()).isEqualTo(0.005));
        assertThat(first(network).getRegularization()).singleElement().isInstanceOfSatisfying(L2Regularization.class,
                l2 -> assertThat(l2.getL2().valueAt(0, 0)).isEqualTo(1e-4));
    }

    @Test
    void usesTheNamedHiddenActivationWhateverItsCase() {
        MultiLayerNetwork network = RegressionNetworks.build(new NetworkSpec(List.of(3), "TanH", 0.01, 0, 1), 2);

        assertThat(first(network).getActivationFn()).isInstanceOf(ActivationTanH.class);
    }

    @Test
    void theSameSeedGivesTheSameInitialWeights() {
        assertThat(RegressionNetworks.build(SPEC, 5).params().toFloatVector())
                .containsExactly(RegressionNetworks.build(SPEC, 5).params().toFloatVector());
    }

    @Test
    void aDifferentSeedGivesDifferentInitialWeights() {
        NetworkSpec otherSeed = new NetworkSpec(SPEC.hiddenLayers(), SPEC.activation(), SPEC.learningRate(), SPEC.l2(), 12);

        assertThat(RegressionNetworks.build(otherSeed, 5).params().toFloatVector())
                .isNotEqualTo(RegressionNetworks.build(SPEC, 5).params().toFloatVector());
    }

    private static DenseLayer first(MultiLayerNetwork network) {
        return (DenseLayer) layer(network, 0);
    }

    private static org.nd4j.linalg.dataset.DataSet floatBatch() {
        return new org.nd4j.linalg.dataset.DataSet(
                org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 5),
                org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 16, 1));
    }

    /**
     * Half precision computes on the CPU backend, but Adam's default epsilon (1e-8) is below the
     * smallest half value, so its first steps divide by zero: the README says so, and the levers job
     * reports such a setting (validation not finite) as failed.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"float,adam,true", "float,sgd-momentum,true", "half,adam,false",
        "half,sgd-momentum,true"})
    void computesInTheSpecsDataTypeOnFloatMinibatches(String dataType, String optimizer, boolean finite) {
        NetworkSpec spec = SPEC.withDataType(dataType)
                .withOptimizer(new OptimizerSpec(optimizer, OptimizerSpec.CONSTANT, 0.9, 0, 10, 0.5, 0));
        MultiLayerNetwork network = RegressionNetworks.build(spec, 5);
        org.nd4j.linalg.dataset.DataSet batch = floatBatch();

        for (int step = 0; step < 3; step++) {
            network.fit(batch);
        }

        assertThat(network.params().dataType().name()).isEqualToIgnoringCase(dataType);
        org.nd4j.linalg.api.ndarray.INDArray output = network.output(batch.getFeatures());
        assertThat(output.shape()).containsExactly(16L, 1L);
        assertThat(!output.isNaN().any() && !output.isInfinite().any()).isEqualTo(finite);
    }

    @Test
    void dl4jRefusesBfloat16ForANetworkSoTheLeversJobReportsThatSettingAsFailed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RegressionNetworks.build(SPEC.withDataType("bfloat16"), 5).fit(floatBatch()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BFLOAT16");
    }

    @Test
    void anUnknownDataTypeIsRefusedNamingTheChoices() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SPEC.withDataType("double"))
                .hasMessageContaining("data type must be one of [float, half, bfloat16], not double");
    }
}
