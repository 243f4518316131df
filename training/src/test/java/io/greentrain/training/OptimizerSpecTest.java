package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

class OptimizerSpecTest {

    private static OptimizerSpec spec(String optimizer, String schedule) {
        return new OptimizerSpec(optimizer, schedule, 0.9, 1e-4, 10, 0.5, 0.1);
    }

    private static BaseLayer firstLayer(MultiLayerNetwork network) {
        return (BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer();
    }

    @Test
    void aStepScheduleMultipliesTheRateByTheFactorEveryStepEpochs() {
        ISchedule rates = spec("adam", "step").learningRate(0.01, 20, 50);

        assertThat(rates.valueAt(0, 0)).isEqualTo(0.01, within(1e-12));
        assertThat(rates.valueAt(199, 0)).isEqualTo(0.01, within(1e-12));
        assertThat(rates.valueAt(200, 0)).isEqualTo(0.005, within(1e-12));
        assertThat(rates.valueAt(400, 0)).isEqualTo(0.0025, within(1e-12));
    }

    @Test
    void aCosineScheduleFallsAlongHalfACosineToItsFinalFractionOverTheRun() {
        ISchedule rates = spec("adam", "cosine").learningRate(0.01, 20, 50);

        assertThat(rates.valueAt(0, 0)).isEqualTo(0.01, within(1e-12));
        assertThat(rates.valueAt(500, 0)).isEqualTo(0.001 + 0.5 * 0.009, within(1e-12));
        assertThat(rates.valueAt(1000, 0)).isEqualTo(0.001, within(1e-12));
        assertThat(rates.valueAt(5000, 0)).isEqualTo(0.001, within(1e-12));
    }

    @Test
    void aConstantAdamIsTheUpdaterNetworksHadBeforeSchedules() {
        assertThat(OptimizerSpec.ADAM_CONSTANT.updater(0.001, 10, 5)).isEqualTo(new Adam(0.001));
    }

    @Test
    void adamwIsAdamWithDecoupledWeightDecayAndSgdMomentumIsNesterov() {
        NetworkSpec base = new NetworkSpec(List.of(4), "relu", 0.01, 0, 7);
        MultiLayerNetwork adamw = RegressionNetworks.build(base.withOptimizer(spec("adamw", "constant")), 3, 10, 5);
        MultiLayerNetwork sgd = RegressionNetworks.build(base.withOptimizer(spec("sgd-momentum", "constant")), 3, 10, 5);

        assertThat(firstLayer(adamw).getIUpdater()).isInstanceOf(Adam.class);
        assertThat(firstLayer(adamw).getRegularization()).anyMatch(r -> r instanceof WeightDecay decay
                && decay.getCoeff().valueAt(0, 0) == 1e-4);
        assertThat(firstLayer(sgd).getIUpdater()).isInstanceOf(Nesterovs.class);
        assertThat(((Nesterovs) firstLayer(sgd).getIUpdater()).getMomentum()).isEqualTo(0.9);
        assertThat(firstLayer(sgd).getRegularization()).noneMatch(r -> r instanceof WeightDecay);
    }

    @Test
    void aCosineScheduledNetworkSurvivesSavingAndLoading() throws Exception {
        NetworkSpec spec = new NetworkSpec(List.of(4), "relu", 0.01, 0, 7).withOptimizer(spec("adam", "cosine"));
        MultiLayerNetwork network = RegressionNetworks.build(spec, 3, 10, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, bytes, true);

        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes.toByteArray()), true);

        Adam adam = (Adam) firstLayer(loaded).getIUpdater();
        assertThat(adam.getLearningRateSchedule()).isInstanceOf(CosineSchedule.class);
        assertThat(adam.getLearningRateSchedule().valueAt(25, 0)).isEqualTo(0.001 + 0.5 * 0.009, within(1e-12));
    }

    @Test
    void refusesUnknownNamesAndFactorsOutsideTheirRange() {
        assertThatThrownBy(() -> spec("rmsprop", "constant")).hasMessageContaining("optimizer must be one of");
        assertThatThrownBy(() -> spec("adam", "linear")).hasMessageContaining("schedule must be one of");
        assertThatThrownBy(() -> new OptimizerSpec("adam", "step", 0.9, 0, 10, 1.5, 0)).hasMessageContaining("step factor");
    }
}
