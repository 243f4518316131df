package io.greentrain.training.levers;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionNetworks;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class Int8QuantizationTest {

    @Test
    void roundTripsEveryWeightWithinOneStepOntoAtMost255Levels() {
        MultiLayerNetwork network = RegressionNetworks.build(new NetworkSpec(List.of(32), "relu", 0.01, 0, 9), 6);
        List<INDArray> before = WeightTensors.of(network).stream().map(INDArray::dup).toList();

        Int8Quantization.Result result = Int8Quantization.quantizeDequantize(network);

        List<INDArray> after = WeightTensors.of(network);
        for (int i = 0; i < after.size(); i++) {
            double scale = result.scales().get(i);
            float[] original = before.get(i).data().asFloat();
            float[] quantized = after.get(i).dup().data().asFloat();
            java.util.Set<Long> levels = new java.util.HashSet<>();
            for (int j = 0; j < original.length; j++) {
                assertThat(Math.abs(quantized[j] - original[j])).isLessThanOrEqualTo((float) (scale * 0.5 + 1e-6));
                long level = Math.round(quantized[j] / scale);
                assertThat(Math.abs(level)).isLessThanOrEqualTo(Int8Quantization.LEVELS);
                levels.add(level);
            }
            assertThat(levels.size()).isLessThanOrEqualTo(255);
        }
        assertThat(result.maxErrorInSteps()).isLessThanOrEqualTo(0.5 + 1e-3);
    }
}
