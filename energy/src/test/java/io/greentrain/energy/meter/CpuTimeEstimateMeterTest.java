package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class CpuTimeEstimateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(100 * SECOND);
    private final AtomicLong cpuNanos = new AtomicLong(7 * SECOND);

    @Test
    void chargesIdlePowerForEveryAllocatedCoreAndBusyPowerPerCpuSecond() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(2, 0.74, 3.5, cpuNanos::get, clock::get);

        clock.addAndGet(10 * SECOND);
        cpuNanos.addAndGet(4 * SECOND);
        EnergyReading reading = meter.read().get(0);

        // 2 cores x 0.74 W x 10 s + 4 CPU-s x (3.5 - 0.74) W = 14.8 + 11.04
        assertThat(reading.joules()).isCloseTo(25.84, within(1e-9));
        assertThat(reading.monotonicNanos()).isEqualTo(110 * SECOND);
        assertThat(reading.domain()).isEqualTo("cpu-estimated");
        assertThat(reading.scope()).isEqualTo(Scope.PROCESS);
        assertThat(reading.method()).isEqualTo(MeasurementMethod.ESTIMATED);
    }

    @Test
    void statesTheModelItsCoefficientsAndTheirSource() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(2, CpuTimeEstimateMeter.MIN_WATTS_PER_CORE_DEFAULT,
                CpuTimeEstimateMeter.MAX_WATTS_PER_CORE_DEFAULT, cpuNanos::get, clock::get);

        assertThat(meter.read().get(0).provenance()).isEqualTo("estimated: 2 cores x 0.74 W idle"
                + " + CPU-seconds x (3.5-0.74) W (Cloud Carbon Footprint SPECpower averages)");
    }

    @Test
    void labelsConfiguredCoefficientsAsSuch() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(1.5, 1, 5, cpuNanos::get, clock::get);

        clock.addAndGet(2 * SECOND);
        cpuNanos.addAndGet(SECOND);
        EnergyReading reading = meter.read().get(0);

        assertThat(reading.joules()).isCloseTo(1.5 * 1 * 2 + 1 * (5 - 1), within(1e-9));
        assertThat(reading.provenance()).isEqualTo(
                "estimated: 1.5 cores x 1 W idle + CPU-seconds x (5-1) W (configured coefficients)");
    }

    @Test
    void neverDecreasesWhenTheCpuTimeDoes() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(1, 0, 2, cpuNanos::get, clock::get);
        cpuNanos.addAndGet(3 * SECOND);
        double before = meter.read().get(0).joules();

        cpuNanos.addAndGet(-SECOND);

        assertThat(meter.read().get(0).joules()).isEqualTo(before).isCloseTo(6.0, within(1e-9));
    }

    @Test
    void givesNoReadingWhileTheCpuTimeIsUnavailable() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(1, 0.74, 3.5, cpuNanos::get, clock::get);

        cpuNanos.set(-1);

        assertThat(meter.read()).isEmpty();
    }

    @Test
    void refusesToOpenWhenTheJvmCannotReportCpuTime() {
        assertThatThrownBy(() -> CpuTimeEstimateMeter.open(1, 0.74, 3.5, () -> -1, clock::get))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("process CPU time");
    }

    @Test
    void rejectsImpossibleCoefficients() {
        assertThatThrownBy(() -> CpuTimeEstimateMeter.open(0, 0.74, 3.5, cpuNanos::get, clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cores");
        assertThatThrownBy(() -> CpuTimeEstimateMeter.open(1, 3.5, 0.74, cpuNanos::get, clock::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min <= max");
    }

    @Test
    void readsThisJvmsCpuTime() throws Exception {
        CpuTimeEstimateMeter meter = CpuTimeEstimateMeter.open(1);

        assertThat(meter.read()).singleElement().satisfies(r -> assertThat(r.joules()).isNotNegative());
    }
}
