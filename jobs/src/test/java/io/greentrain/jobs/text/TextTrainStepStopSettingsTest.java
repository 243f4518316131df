package io.greentrain.jobs.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.jobs.config.JobConfig;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class TextTrainStepStopSettingsTest {

    private static JobConfig config(String... overrides) {
        return JobConfig.load(null, List.of(overrides), new Configuration());
    }

    @Test
    void theLanguageModelWatchesHeldOutPerplexityAndNeedsItAfterEveryEpochForATarget() {
        assertThat(TextTrainStep.stopSettings(config("greentrain.train.target=\"perplexity <= 5\"",
                "greentrain.lm.evaluate-each-epoch=true")).target().metric()).isEqualTo("perplexity");

        assertThatThrownBy(() -> TextTrainStep.stopSettings(config("greentrain.train.target=\"perplexity <= 5\"",
                "greentrain.lm.evaluate-each-epoch=false")))
                .hasMessageContaining("set greentrain.lm.evaluate-each-epoch = true");
        assertThatThrownBy(() -> TextTrainStep.stopSettings(config("greentrain.train.target=\"r2 >= 0.9\"",
                "greentrain.lm.evaluate-each-epoch=true")))
                .hasMessage("greentrain.train.target: the language model reports perplexity, not r2");
    }
}
