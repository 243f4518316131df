package io.greentrain.training.allreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;

class NetworkStateTest {

    private static DataSet minibatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3), Nd4j.rand(DataType.FLOAT, 8, 1));
    }

    /** {@code state} written as a checkpoint writes it and read back. */
    private static NetworkState written(NetworkState state) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            state.writeTo(new DataOutputStream(bytes));
            return NetworkState.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aNetworkRebuiltFromItsConfigurationAndStateTrainsOnExactlyLikeTheOriginal() {
        MultiLayerNetwork initial = RegressionNetworks.build(new NetworkSpec(List.of(6), "relu", 1e-2, 0.01, 3), 3);
        byte[] configuration = Networks.serialize(initial);
        MultiLayerNetwork original = initial.clone();
        for (int step = 0; step < 3; step++) {
            original.fit(minibatch(step));
        }

        NetworkState state = written(NetworkState.of(original));
        MultiLayerNetwork rebuilt = (MultiLayerNetwork) state.applyTo(Networks.restore(configuration, false));
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

    @Test
    void aComputationGraphRebuiltFromItsConfigurationAndStateTrainsOnExactlyLikeTheOriginal() {
        ComputationGraph initial = TwoBranchGraphs.of(3, 6, 11);
        ComputationGraph original = initial.clone();
        for (int step = 0; step < 3; step++) {
            original.fit(minibatch(step));
        }
        original.getConfiguration().setEpochCount(2);

        NetworkState state = written(NetworkState.of(original));
        ComputationGraph rebuilt = (ComputationGraph) state.applyTo(
                Networks.fromConfiguration(Networks.configurationJson(initial), true));
        assertThat(rebuilt.getIterationCount()).as("Adam's bias correction reads it").isEqualTo(3);
        assertThat(rebuilt.getEpochCount()).isEqualTo(2);
        for (int step = 3; step < 6; step++) {
            original.fit(minibatch(step));
            rebuilt.fit(minibatch(step));
        }

        assertThat(rebuilt.params().sub(initial.params()).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(rebuilt.params()).isEqualTo(original.params());
        assertThat(rebuilt.updaterState()).as("Adam's moments").isEqualTo(original.updaterState());
        assertThat(state.bytes()).as("parameters and Adam's two moments, uncompressed")
                .isBetween(3L * Float.BYTES * original.numParams(), 3L * Float.BYTES * original.numParams() + 2_000);
    }

    @Test
    void arraysLongerThanOneConversionChunkAndOfNoWholeNumberOfChunksAreWrittenAndReadExactly() {
        float[] parameters = new float[40_003];
        float[] moments = new float[80_006];
        Random random = new Random(3);
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < moments.length; i++) {
            moments[i] = (float) random.nextGaussian();
        }
        moments[moments.length - 1] = Float.MIN_VALUE;

        NetworkState read = written(new NetworkState(parameters, moments, 7, 1));

        assertThat(read.parameters()).containsExactly(parameters);
        assertThat(read.updaterState()).containsExactly(moments);
        assertThat(read.iterationCount()).isEqualTo(7);
    }
}
