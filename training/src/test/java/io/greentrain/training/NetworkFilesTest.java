package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFilesTest {

    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private MultiLayerNetwork trained;
    private INDArray inputs;

    /** A network a few Adam steps into training, so its updater state is not the initial one. */
    @BeforeEach
    void trainBriefly() {
        trained = RegressionNetworks.build(new NetworkSpec(List.of(4), "relu", 0.01, 0, 3), 2);
        Nd4j.getRandom().setSeed(3);
        inputs = Nd4j.rand(DataType.FLOAT, 16, 2);
        INDArray targets = inputs.getColumn(0).sub(inputs.getColumn(1)).reshape(16, 1);
        for (int i = 0; i < 5; i++) {
            trained.fit(new DataSet(inputs, targets));
        }
    }

    private String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    @Test
    void loadsWhatWasSavedWithTheSameParametersAndOutputs() {
        String path = uri("model.zip");
        assertThat(path).startsWith("file:");

        NetworkFiles.save(trained, path, false, CONF);
        MultiLayerNetwork loaded = NetworkFiles.load(path, CONF);

        assertThat(loaded.params().toFloatVector()).containsExactly(trained.params().toFloatVector());
        assertThat(loaded.output(inputs).toFloatVector()).containsExactly(trained.output(inputs).toFloatVector());
        assertThat(loaded.getLayerWiseConfigurations()).isEqualTo(trained.getLayerWiseConfigurations());
    }

    @Test
    void keepsTheUpdaterStateWhenAsked() {
        String path = uri("with-updater.zip");

        NetworkFiles.save(trained, path, true, CONF);
        MultiLayerNetwork loaded = NetworkFiles.load(path, CONF);

        INDArray state = trained.getUpdater().getStateViewArray();
        assertThat(state.amaxNumber().doubleValue()).isPositive();
        assertThat(loaded.getUpdater().getStateViewArray().toFloatVector()).containsExactly(state.toFloatVector());
    }

    @Test
    void leavesTheUpdaterStateOutWhenNotAsked() {
        String path = uri("without-updater.zip");

        NetworkFiles.save(trained, path, false, CONF);
        MultiLayerNetwork loaded = NetworkFiles.load(path, CONF);

        INDArray loadedState = loaded.getUpdater().getStateViewArray();
        assertThat(loadedState == null || loadedState.amaxNumber().doubleValue() == 0.0)
                .as("a restored network without saved state starts Adam from zero").isTrue();
    }

    @Test
    void savingAgainReplacesTheFile() {
        String path = uri("model.zip");
        NetworkFiles.save(RegressionNetworks.build(new NetworkSpec(List.of(9), "relu", 0.01, 0, 1), 2), path, false, CONF);

        NetworkFiles.save(trained, path, false, CONF);

        assertThat(NetworkFiles.load(path, CONF).params().toFloatVector()).containsExactly(trained.params().toFloatVector());
    }
}
