package io.greentrain.training.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnigramModelTest {

    @Test
    void smoothsTrainFrequenciesByAddingOneOverEveryIdButPadding() {
        // ids: padding, unknown, boundary, then three characters; 10 label tokens in all
        UnigramModel model = new UnigramModel(new long[] {0, 0, 2, 5, 3, 0});

        // denominator: 10 tokens + 5 ids that can be labels
        assertThat(Math.exp(model.logProbability(3))).isCloseTo(6.0 / 15, within(1e-12));
        assertThat(Math.exp(model.logProbability(5))).isCloseTo(1.0 / 15, within(1e-12));
        assertThat(Math.exp(model.logProbability(1))).isCloseTo(1.0 / 15, within(1e-12));
        double total = 0;
        for (int id = 1; id < model.size(); id++) {
            total += Math.exp(model.logProbability(id));
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
        assertThat(model.logProbability(0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void rejectsCountsWithoutCharacters() {
        assertThatThrownBy(() -> new UnigramModel(new long[] {0, 1, 2})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void perplexityIsTheExponentOfTheMeanCrossEntropy() {
        HeldOutScore score = new HeldOutScore(4, 4 * Math.log(3), 4 * Math.log(10));

        assertThat(score.perplexity()).isCloseTo(3.0, within(1e-12));
        assertThat(score.unigramPerplexity()).isCloseTo(10.0, within(1e-12));
        assertThat(score.bitsPerToken()).isCloseTo(Math.log(3) / Math.log(2), within(1e-12));
    }
}
