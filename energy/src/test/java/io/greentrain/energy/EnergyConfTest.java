package io.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.energy.config.ConfigEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnergyConfTest {

    /** The checked-in reference, relative to the module folder (where the tests run). */
    private static final Path DOC = Path.of("..", "docs", "energy-configuration.md");

    @Test
    void everyDefaultParsesAndPassesItsCheck() {
        Map<String, String> none = Map.of();

        assertThat(EnergyConf.all()).allSatisfy(entry -> assertThat(entry.get(none)).isNotNull());
        assertThat(EnergyConf.ENABLED.get(none)).isTrue();
        assertThat(EnergyConf.SAMPLE_INTERVAL.get(none)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EnergyConf.NVML_POWER_SAMPLE_INTERVAL.get(none)).isEqualTo(Duration.ofMillis(100));
        assertThat(EnergyConf.RAPL_ROOT.get(none)).isEqualTo("/sys/class/powercap");
        assertThat(EnergyConf.CPU_MIN_WATTS_PER_CORE.get(none)).isEqualTo(0.74);
        assertThat(EnergyConf.CPU_MAX_WATTS_PER_CORE.get(none)).isEqualTo(3.5);
        assertThat(EnergyConf.MEMORY_WATTS_PER_GB.get(none)).isEqualTo(0.392);
        assertThat(EnergyConf.HOST_LOCK_DIR.get(none)).isEqualTo(System.getProperty("java.io.tmpdir"));
    }

    @Test
    void readsGivenValuesInSparksUnits() {
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.sampleInterval", " 250ms ",
                "spark.greentrain.energy.nvml.powerSampleInterval", "1s",
                "spark.greentrain.energy.enabled", "FALSE",
                "spark.greentrain.energy.estimate.cpu.maxWattsPerCore", "10");

        assertThat(EnergyConf.SAMPLE_INTERVAL.get(conf)).isEqualTo(Duration.ofMillis(250));
        assertThat(EnergyConf.NVML_POWER_SAMPLE_INTERVAL.get(conf)).isEqualTo(Duration.ofSeconds(1));
        assertThat(EnergyConf.ENABLED.get(conf)).isFalse();
        assertThat(EnergyConf.CPU_MAX_WATTS_PER_CORE.get(conf)).isEqualTo(10.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '=', value = {
            "spark.greentrain.energy.sampleInterval=5ms",
            "spark.greentrain.energy.sampleInterval=abc",
            "spark.greentrain.energy.sampleInterval=-1s",
            "spark.greentrain.energy.nvml.powerSampleInterval=0ms",
            "spark.greentrain.energy.estimate.cpu.minWattsPerCore=-0.5",
            "spark.greentrain.energy.estimate.cpu.maxWattsPerCore=lots",
            "spark.greentrain.energy.estimate.memory.wattsPerGb=NaN",
            "spark.greentrain.energy.enabled=yes",
            "spark.greentrain.energy.rapl.enabled=ture",
            "spark.greentrain.energy.rapl.root='  '",
    })
    void rejectsAnInvalidValueNamingItsKey(String key, String value) {
        ConfigEntry<String, ?> entry = EnergyConf.all().stream().filter(e -> e.key().equals(key))
                .findFirst().orElseThrow();

        assertThatThrownBy(() -> entry.get(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void findsAMisspeltKeyButIgnoresOtherSparkKeys() {
        Map<String, String> conf = Map.of(
                "spark.greentrain.energy.sampleIntervall", "1s",
                "spark.greentrain.energy.sampleInterval", "1s",
                "spark.greentrain.energy.Enabled", "true",
                "spark.executor.cores", "4",
                "spark.greentrain.other", "x");

        assertThat(EnergyConf.unknownKeys(conf))
                .containsExactly("spark.greentrain.energy.Enabled", "spark.greentrain.energy.sampleIntervall");
    }

    @Test
    void definesEveryKeyOnceUnderTheEnergyPrefixWithADescription() {
        assertThat(EnergyConf.all()).extracting(ConfigEntry::key)
                .doesNotHaveDuplicates()
                .allMatch(key -> key.startsWith("spark.greentrain.energy."));
        assertThat(EnergyConf.all()).allSatisfy(entry -> assertThat(entry.doc()).isNotBlank().doesNotContain("|"));
    }

    /**
     * Keeps {@code docs/energy-configuration.md} in step with the keys. With
     * {@code -Dgreentrain.writeDocs=true} the test writes the file instead of comparing.
     */
    @Test
    void checkedInReferenceMatchesTheKeys() throws IOException {
        String rendered = EnergyConf.renderDoc();
        if (Boolean.getBoolean("greentrain.writeDocs")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }

        assertThat(DOC).as("docs/energy-configuration.md is stale; regenerate it as its first lines say")
                .exists();
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/energy-configuration.md is stale; regenerate it as its first lines say")
                .isEqualTo(rendered);
    }

    @Test
    void referenceListsEveryKeyWithItsDefault() {
        String doc = EnergyConf.renderDoc();

        assertThat(EnergyConf.all()).allSatisfy(entry -> assertThat(doc).contains("| `" + entry.key() + "` | "));
        assertThat(doc).contains("| `1s` |").contains("the JVM's `java.io.tmpdir`")
                .doesNotContain(System.getProperty("java.io.tmpdir") + " |");
    }
}
