package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

class NetworkStateTest {

    private static DataSet minibatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3), Nd4j.rand(DataType.FLOAT, 8, 1));
    }

    @Test
    void aNetworkRebuiltFromItsConfigurationAndStateTrainsOnExactlyLikeTheOriginal() {
        MultiLayerNetwork initial = RegressionNetworks.build(new NetworkSpec(List.of(6), "relu", 1e-2, 0.01, 3), 3);
        byte[] configuration = AllreduceTrainer.serialize(initial);
        MultiLayerNetwork original = initial.clone();
        for (int step = 0; step < 3; step++) {
            original.fit(minibatch(step));
        }

        NetworkState state = NetworkState.of(original);
        MultiLayerNetwork rebuilt = state.applyTo(AllreduceTrainer.deserialize(configuration));
        assertThat(rebuilt.getIterationCount()).as("Adam's bias correction reads it").isEqualTo(3);
        for (int step = 3; step < 6; step++) {
            original.fit(minibatch(step));
            rebuilt.fit(minibatch(step));
        }

        assertThat(rebuilt.params().sub(initial.params()).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(rebuilt.params()).isEqualTo(original.params());
        assertThat(rebuilt.getUpdater().getStateViewArray()).isEqualTo(original.getUpdater().getStateViewArray());
        assertThat(state.bytes()).as("parameters and Adam's two moments, uncompressed")
                .isBetween(3L * Float.BYTES * original.numParams(), 3L * Float.BYTES * original.numParams() + 2_000);
    }
}
