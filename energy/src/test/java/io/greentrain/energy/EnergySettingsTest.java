package io.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.energy.config.InvalidValueException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class EnergySettingsTest {

    @Test
    void readsEveryKeyOnceIntoTypedSettings() {
        EnergySettings settings = EnergySettings.from(Map.of(
                "spark.greentrain.energy.sampleInterval", "250ms",
                "spark.greentrain.energy.carbon.hostZones", "a=DE, b = FR",
                "spark.greentrain.energy.carbon.zonePue", "DE=1.2",
                "spark.greentrain.energy.carbon.intensity", "100",
                "spark.greentrain.energy.ledger.path", "/tmp/ledger",
                "spark.executor.cores", "4",
                "spark.executor.memory", "2g",
                "spark.master", "spark://cluster:7077"));

        assertThat(settings.sampling().interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.carbon().zoneByHost()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "DE", "b", "FR"));
        assertThat(settings.carbon().pueByZone()).containsExactlyEntriesOf(Map.of("DE", 1.2));
        assertThat(settings.carbon().intensity()).isEqualTo(OptionalDouble.of(100));
        assertThat(settings.carbon().marketFactor()).isEmpty();
        assertThat(settings.carbon().pue()).as("not configured: the bundled default applies").isEmpty();
        assertThat(settings.ledger().path()).isEqualTo("/tmp/ledger");
        assertThat(settings.allocation().executorCores()).isEqualTo(OptionalDouble.of(4));
        assertThat(settings.allocation().executorMemoryBytes()).hasValue(2L << 30);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        EnergySettings settings = EnergySettings.defaults();

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.ledger().flushInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.meters().raplRoot()).isEqualTo(Path.of("/sys/class/powercap"));
        assertThat(settings.sampling().hostLockDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(settings.carbon().zone()).isEqualTo("WORLD");
    }

    @Test
    void rejectsAMaximumPowerPerCoreBelowTheMinimumNamingBothKeys() {
        assertThatThrownBy(() -> EnergySettings.from(Map.of(
                "spark.greentrain.energy.estimate.cpu.minWattsPerCore", "5",
                "spark.greentrain.energy.estimate.cpu.maxWattsPerCore", "2")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("spark.greentrain.energy.estimate.cpu.maxWattsPerCore: must be at least "
                        + "spark.greentrain.energy.estimate.cpu.minWattsPerCore (5.0), got 2.0");
    }

    @Test
    void rejectsAZonePueBelowOneNamingTheKeyAndZone() {
        assertThatThrownBy(() -> EnergySettings.from(Map.of("spark.greentrain.energy.carbon.zonePue", "DE=1.2,FR=0.9")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("spark.greentrain.energy.carbon.zonePue: PUE of zone FR must be at least 1, got 0.9");
    }

    @Test
    void rejectsAnUnknownEnergyKey() {
        assertThatThrownBy(() -> EnergySettings.from(Map.of("spark.greentrain.energy.sampleIntervall", "1s")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("spark.greentrain.energy.sampleIntervall");
    }

    @Test
    void rejectsAnExecutorSizeSparkCouldNotReadEither() {
        assertThatThrownBy(() -> EnergySettings.from(Map.of("spark.executor.memory", "lots")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("spark.executor.memory: ");
    }
}
