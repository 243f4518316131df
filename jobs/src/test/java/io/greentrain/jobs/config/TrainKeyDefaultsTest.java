package io.greentrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.training.TrainingEngine;
import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.allreduce.SyncMode;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The training library owns the defaults of the training engine ({@link TrainingEngine#DEFAULT},
 * {@link AllreduceSettings#DEFAULTS}); {@code reference.conf} restates them for the jobs. These
 * specifications keep the two in agreement key by key, as {@link TextKeyDefaultsTest} does for text.
 */
class TrainKeyDefaultsTest {

    private static final JobConfig REFERENCE = JobConfig.load(null, List.of(), new Configuration());

    @Test
    void referenceConfAgreesWithTheEngineDefaultsKeyByKey() {
        AllreduceSettings defaults = AllreduceSettings.DEFAULTS;

        assertThat(REFERENCE.get(GreentrainKeys.TRAIN_ENGINE)).isEqualTo(TrainingEngine.DEFAULT.name());
        assertThat(SyncMode.named(REFERENCE.get(GreentrainKeys.TRAIN_SYNC))).isEqualTo(defaults.mode());
        assertThat(Duration.ofSeconds(REFERENCE.get(GreentrainKeys.TRAIN_PEER_TIMEOUT_SECONDS)))
                .isEqualTo(defaults.timeout());
        assertThat(REFERENCE.get(GreentrainKeys.TRAIN_EPOCH_ATTEMPTS)).isEqualTo(defaults.epochAttempts());
        assertThat(REFERENCE.get(GreentrainKeys.TRAIN_WARM_UP_STEPS)).isEqualTo(defaults.warmUp().maxSteps());
        assertThat(Duration.ofMillis(Math.round(1000 * REFERENCE.get(GreentrainKeys.TRAIN_WARM_UP_SECONDS))))
                .isEqualTo(defaults.warmUp().maxTime());
    }

    @Test
    void theDefaultConfigurationBuildsTheDefaultEngineApartFromItsAveragingFrequency() {
        TrainingEngine engine = REFERENCE.trainingEngine();

        // averaging-frequency is also DL4J's parameter-averaging period, so reference.conf owns it.
        assertThat(engine).isEqualTo(new TrainingEngine(TrainingEngine.DEFAULT.name(),
                new AllreduceSettings(AllreduceSettings.DEFAULTS.mode(),
                        REFERENCE.get(GreentrainKeys.TRAIN_AVERAGING_FREQUENCY),
                        AllreduceSettings.DEFAULTS.timeout(), AllreduceSettings.DEFAULTS.epochAttempts())
                        .withWarmUp(AllreduceSettings.DEFAULTS.warmUp())));
    }
}
