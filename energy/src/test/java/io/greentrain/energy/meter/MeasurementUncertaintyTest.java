package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** How sure a window's energy is: counters grow less sure as windows shorten; estimates keep their stated band. */
class MeasurementUncertaintyTest {

    @Test
    void aRaplWindowOfOneSecondIsSureToAboutTwoTenthsOfAPercent() {
        // 2 x 2^-14 J / 100 J + 2 x 1 ms / 1 s = 0.0000012207 + 0.002
        double relative = MeasurementUncertainty.relative("cpu-package", MeasurementMethod.COUNTER,
                "RAPL energy counters (...)", 100, 1_000);

        assertThat(relative).isCloseTo(0.0020012207, within(1e-9));
    }

    @Test
    void theTimingTermGrowsAsTheWindowShortens() {
        double second = MeasurementUncertainty.relative("dram", MeasurementMethod.COUNTER, "rapl dram", 5, 1_000);
        double tenMillis = MeasurementUncertainty.relative("dram", MeasurementMethod.COUNTER, "rapl dram", 0.05, 10);

        // 2 x 1 ms / 10 ms = 20%, plus 2 x 61 µJ / 50 mJ = 0.24%
        assertThat(tenMillis).isCloseTo(0.2 + 2 * Math.scalb(1.0, -14) / 0.05, within(1e-12));
        assertThat(tenMillis).isGreaterThan(50 * second);
    }

    @Test
    void amdEnergyCountersUseTheirFinerQuantum() {
        double amd = MeasurementUncertainty.relative("cpu-package", MeasurementMethod.COUNTER,
                "amd_energy hwmon socket0", 0.01, 1_000);
        double rapl = MeasurementUncertainty.relative("cpu-package", MeasurementMethod.COUNTER,
                "RAPL energy counters", 0.01, 1_000);

        assertThat(amd).isCloseTo(2 * Math.scalb(1.0, -16) / 0.01 + 0.002, within(1e-12));
        assertThat(rapl).isCloseTo(2 * Math.scalb(1.0, -14) / 0.01 + 0.002, within(1e-12));
    }

    @Test
    void gpuCountersAddNvidiasStatedFivePercent() {
        // 5% + 2 x 1 mJ / 200 J + 2 x 100 ms / 1 s
        assertThat(MeasurementUncertainty.relative("gpu-GPU-1", MeasurementMethod.COUNTER,
                "NVML total energy counter of GPU-1", 200, 1_000)).isCloseTo(0.05 + 0.00001 + 0.2, within(1e-12));
        // 5% + 2 x 100 ms / 10 s
        assertThat(MeasurementUncertainty.relative("gpu-GPU-1", MeasurementMethod.POWER_INTEGRATION,
                "NVML power of GPU-1", 2_000, 10_000)).isCloseTo(0.07, within(1e-12));
    }

    @Test
    void anEstimateCarriesItsModelsStatedBandWhateverTheWindow() {
        assertThat(MeasurementUncertainty.relative("cpu-estimated", MeasurementMethod.ESTIMATED, "estimated: ...",
                3, 1_000)).isEqualTo(MeasurementUncertainty.ESTIMATE_BAND).isEqualTo(0.5);
        assertThat(MeasurementUncertainty.relative("memory-estimated", MeasurementMethod.ESTIMATED, "estimated: ...",
                0.001, 5)).isEqualTo(0.5);
    }

    @Test
    void neverClaimsMoreThanTheWholeNumberIsUncertain() {
        assertThat(MeasurementUncertainty.relative("cpu-package", MeasurementMethod.COUNTER, "rapl", 0, 1_000))
                .isEqualTo(1);
        assertThat(MeasurementUncertainty.relative("cpu-package", MeasurementMethod.COUNTER, "rapl", 1, 1))
                .isEqualTo(1);
        assertThat(MeasurementUncertainty.relative("gpu-A", MeasurementMethod.POWER_INTEGRATION, "nvml", 1, 0))
                .isEqualTo(1);
    }

    @Test
    void theOverallFigureIsTheEnergyWeightedMeanOfTheEntries() {
        // 900 J of counter at ±0.2% and 100 J of estimate at ±50%: (1.8 + 50) / 1000
        assertThat(MeasurementUncertainty.overall(900 * 0.002 + 100 * 0.5, 1_000)).isCloseTo(0.0518, within(1e-12));
        assertThat(MeasurementUncertainty.overall(0, 0)).isNaN();
    }
}
