package io.greentrain.energy.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PueSettingsTest {

    @Test
    void defaultIsTheUptimeInstitute2024SurveyAverage() {
        Pue pue = PueSettings.defaults().pueFor(null, "DE");

        assertThat(pue.value()).isEqualTo(1.56);
        assertThat(pue.source()).isEqualTo(
                "Uptime Institute Global Data Center Survey 2024: weighted average PUE of about 1.56");
    }

    @Test
    void clusterBeatsZoneBeatsDefault() {
        PueSettings settings = PueSettings.defaults()
                .withDefault(1.4, "our estimate")
                .withZone("de", 1.3, "Frankfurt site meter 2024")
                .withCluster("gpu-a", 1.12, "gpu-a facility report 2024");

        assertThat(settings.pueFor("gpu-a", "DE")).isEqualTo(new Pue(1.12, "gpu-a facility report 2024"));
        assertThat(settings.pueFor("cpu-b", "DE")).isEqualTo(new Pue(1.3, "Frankfurt site meter 2024"));
        assertThat(settings.pueFor(null, "FR")).isEqualTo(new Pue(1.4, "our estimate"));
    }

    @Test
    void rejectsPueBelowOne() {
        assertThatThrownBy(() -> PueSettings.defaults().withDefault(0.99, "typo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 1.0");
        assertThatThrownBy(() -> PueSettings.defaults().withZone("DE", 0.5, "typo"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PueSettings.defaults().withCluster("a", Double.NaN, "typo"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pue(1.2, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyOneIsAllowed() {
        assertThat(PueSettings.defaults().withDefault(1.0, "IT energy only").pueFor(null, "DE").value()).isEqualTo(1.0);
    }
}
