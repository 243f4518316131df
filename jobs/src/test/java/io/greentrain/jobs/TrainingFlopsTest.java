package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The training FLOPs the train step records as work: about 6 per parameter and example for dense layers. */
class TrainingFlopsTest {

    @Test
    void areSixPerParameterAndExample() {
        // 2 -> Dense 64 -> 1: 2 x 64 + 64 + 64 x 1 + 1 = 257 parameters; 2,048 examples.
        assertThat(TrainStep.trainingFlops(257, 2048)).hasValue(6L * 257 * 2048);
        assertThat(TrainStep.trainingFlops(257, 0)).hasValue(0);
    }

    @Test
    void areLeftOutWhenTheyOverflowALong() {
        assertThat(TrainStep.trainingFlops(1L << 40, 1L << 30)).isEmpty();
    }
}
