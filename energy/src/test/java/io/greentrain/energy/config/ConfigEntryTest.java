package io.greentrain.energy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigEntryTest {

    private static final ConfigEntry<String, Duration> INTERVAL = ConfigEntry.<String>builder("demo.interval")
            .doc("How often.")
            .version("0.2.0")
            .readWith(SparkValueParsers.TIME)
            .check(ValueCheck.notShorterThan(Duration.ofMillis(10)))
            .createWithDefault("1s");

    @Test
    void carriesKeyDocTypeVersionAndDefault() {
        assertThat(INTERVAL.key()).isEqualTo("demo.interval");
        assertThat(INTERVAL.doc()).isEqualTo("How often.");
        assertThat(INTERVAL.typeDescription()).isEqualTo("time");
        assertThat(INTERVAL.version()).isEqualTo("0.2.0");
        assertThat(INTERVAL.defaultValue()).contains("1s");
        assertThat(INTERVAL.defaultDescription()).isEmpty();
    }

    @Test
    void readsTheGivenValueOrElseTheDefault() {
        assertThat(INTERVAL.get(Map.of("demo.interval", " 250ms "))).isEqualTo(Duration.ofMillis(250));
        assertThat(INTERVAL.get(Map.of())).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aFailedCheckNamesTheKeyQuotesTheRawValueAndSaysWhatIsWrong() {
        assertThatThrownBy(() -> INTERVAL.get(Map.of("demo.interval", "5ms")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("demo.interval: invalid value '5ms': must be at least 10ms");
    }

    @Test
    void aValueThatDoesNotParseNamesTheKeyAndTheType() {
        assertThatThrownBy(() -> INTERVAL.get(Map.of("demo.interval", "soon")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("demo.interval: cannot read 'soon' as a time");
    }

    @Test
    void aConversionsRejectionIsReportedAgainstTheKey() {
        ConfigEntry<String, Integer> even = ConfigEntry.<String>builder("demo.even").doc("An even number.")
                .readWith(SparkValueParsers.INT)
                .map(v -> {
                    if (v % 2 != 0) {
                        throw new IllegalArgumentException("must be even, got " + v);
                    }
                    return v;
                })
                .create();

        assertThat(even.read("4")).isEqualTo(4);
        assertThat(even.version()).isEqualTo(ConfigEntry.FIRST_VERSION);
        assertThatThrownBy(() -> even.read("3")).hasMessage("demo.even: must be even, got 3");
        assertThatThrownBy(() -> even.get(Map.of())).hasMessage("demo.even: no value and no default");
    }

    @Test
    void refusesAnInvalidDefaultAndAKeyWithoutDoc() {
        ConfigEntry.TypedBuilder<String, Integer> positive = ConfigEntry.<String>builder("demo.count").doc("A count.")
                .readWith(SparkValueParsers.INT).check(ValueCheck.atLeast(1));

        assertThatThrownBy(() -> positive.createWithDefault("0"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("demo.count");
        assertThatThrownBy(() -> ConfigEntry.<String>builder("demo.undocumented").readWith(SparkValueParsers.INT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a doc");
    }
}
