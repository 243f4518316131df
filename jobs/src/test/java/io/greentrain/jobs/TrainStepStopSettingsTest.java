package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.jobs.config.ConfigException;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.Target;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class TrainStepStopSettingsTest {

    private static JobConfig config(String... overrides) {
        return JobConfig.load(null, List.of(overrides), new Configuration());
    }

    @Test
    void readsTheTargetPatienceAndBudgetsWatchingTheValidationRmse() {
        StopSettings stop = TrainStep.stopSettings(config("greentrain.train.target=\"r2 >= 0.9\"",
                "greentrain.train.stop.patience=5", "greentrain.train.stop.budget-kwh=0.5",
                "greentrain.train.stop.budget-gco2e=20"), true);

        assertThat(stop.monitored()).isEqualTo("rmse");
        assertThat(stop.higherIsBetter()).isFalse();
        assertThat(stop.target()).isEqualTo(new Target("r2", true, 0.9));
        assertThat(stop.patience()).isEqualTo(5);
        assertThat(stop.budgetJoules()).isEqualTo(0.5 * 3.6e6);
        assertThat(stop.budgetGrams()).isEqualTo(20);
        assertThat(stop.restoreBest()).isTrue();
    }

    @Test
    void refusesATargetTheTabularNetworkDoesNotReportAndAPatienceWithoutValidation() {
        assertThatThrownBy(() -> TrainStep.stopSettings(config("greentrain.train.target=\"perplexity <= 5\""), true))
                .hasMessage("greentrain.train.target: the tabular network reports r2, rmse and mae, not perplexity");
        assertThatThrownBy(() -> TrainStep.stopSettings(config("greentrain.train.stop.patience=3"), false))
                .hasMessageContaining("need a validation split");
    }

    @Test
    void aMalformedTargetOrStoppingOnNoTargetIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> config("greentrain.train.target=\"accuracy > 3\""))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("greentrain.train.target: ");
        assertThatThrownBy(() -> config("greentrain.train.stop.on-target=true"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("greentrain.train.stop");
    }
}
