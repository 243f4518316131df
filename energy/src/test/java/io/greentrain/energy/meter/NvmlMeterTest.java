package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class NvmlMeterTest {

    private static final String VOLTA_UUID = "GPU-11111111-2222-3333-4444-555555555555";
    private static final String PASCAL_UUID = "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(0);

    @Test
    void readsTheEnergyCounterAsEnergySinceOpen() throws Exception {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 1_000_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);

        nvml.counter(0, 1_250_500);
        clock.set(3 * SECOND);
        EnergyReading reading = meter.read().get(0);

        assertThat(reading.domain()).isEqualTo("gpu-11111111-2222-3333-4444-555555555555");
        assertThat(reading.scope()).isEqualTo(Scope.DEVICE);
        assertThat(reading.method()).isEqualTo(MeasurementMethod.COUNTER);
        assertThat(reading.joules()).isCloseTo(250.5, within(1e-9));
        assertThat(reading.monotonicNanos()).isEqualTo(3 * SECOND);
        assertThat(reading.provenance()).contains("NVML total energy counter", "Tesla V100-SXM2-16GB", VOLTA_UUID);
    }

    @Test
    void integratesPowerByTheTrapezoidalRuleOnAGpuWithoutCounter() throws Exception {
        // 100 W at open, 200 W at 1 s, 300 W at 1.5 s, 100 W at the read at 2 s
        FakeNvml nvml = new FakeNvml().pascal(PASCAL_UUID, 100_000, 200_000, 300_000, 100_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);

        meter.samplePower(SECOND);
        meter.samplePower(SECOND + SECOND / 2);
        clock.set(2 * SECOND);
        EnergyReading reading = meter.read().get(0);

        double expected = (100 + 200) / 2.0 * 1.0 + (200 + 300) / 2.0 * 0.5 + (300 + 100) / 2.0 * 0.5;
        assertThat(reading.joules()).isCloseTo(expected, within(1e-9));
        assertThat(reading.method()).isEqualTo(MeasurementMethod.POWER_INTEGRATION);
        assertThat(reading.monotonicNanos()).isEqualTo(2 * SECOND);
        assertThat(reading.provenance())
                .contains("Tesla P100-PCIE-16GB", PASCAL_UUID, "trapezoidal rule", "at each read");
    }

    @Test
    void usesTheCounterWhereThereIsOneAndIntegratesPowerWhereThereIsNot() throws Exception {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 0).pascal(PASCAL_UUID, 50_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0, 1), clock::get);

        nvml.counter(0, 7_000);
        clock.set(2 * SECOND);
        Map<String, EnergyReading> readings = byDomain(meter.read());

        assertThat(readings.get("gpu-11111111-2222-3333-4444-555555555555").method())
                .isEqualTo(MeasurementMethod.COUNTER);
        assertThat(readings.get("gpu-11111111-2222-3333-4444-555555555555").joules()).isCloseTo(7.0, within(1e-9));
        assertThat(readings.get("gpu-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").method())
                .isEqualTo(MeasurementMethod.POWER_INTEGRATION);
        assertThat(readings.get("gpu-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee").joules()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aFailedPowerSampleIsSkippedAndTheNextOneSpansTheGap() throws Exception {
        FakeNvml nvml = new FakeNvml().pascal(PASCAL_UUID, 100_000, FakeNvml.FAIL, 300_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);

        meter.samplePower(SECOND);
        clock.set(2 * SECOND);

        assertThat(meter.read().get(0).joules()).isCloseTo((100 + 300) / 2.0 * 2.0, within(1e-9));
    }

    @Test
    void samplesNotLaterThanThePreviousOneAreIgnored() throws Exception {
        FakeNvml nvml = new FakeNvml().pascal(PASCAL_UUID, 100_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);
        meter.samplePower(SECOND);

        meter.samplePower(SECOND / 2);
        clock.set(SECOND);

        assertThat(meter.read().get(0).joules()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void leavesOutAGpuWhoseCounterCannotBeReadNowAndCatchesUpLater() throws Exception {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 1_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);

        nvml.counter(0, FakeNvml.FAIL);
        List<EnergyReading> duringFailure = meter.read();
        nvml.counter(0, 6_000);
        List<EnergyReading> after = meter.read();

        assertThat(duringFailure).isEmpty();
        assertThat(after.get(0).joules()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void dropsACounterThatWentBackwards() throws Exception {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 10_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);
        nvml.counter(0, 12_000);
        meter.read();

        nvml.counter(0, 500);
        double afterReset = meter.read().get(0).joules();
        nvml.counter(0, 1_500);

        assertThat(afterReset).isCloseTo(2.0, within(1e-9));
        assertThat(meter.read().get(0).joules()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void theSamplingThreadIntegratesPowerOnItsOwn() throws Exception {
        FakeNvml nvml = new FakeNvml().pascal(PASCAL_UUID, 100_000);
        try (NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), System::nanoTime)) {
            meter.startPowerSampling(Duration.ofMillis(1));

            long deadline = System.nanoTime() + 10 * SECOND;
            while (nvml.powerReads.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            assertThat(nvml.powerReads.get()).isGreaterThanOrEqualTo(5);
            assertThat(meter.read().get(0).provenance()).contains("every 1 ms");
        }
    }

    @Test
    void startsNoSamplingThreadWhenEveryGpuHasACounter() throws Exception {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 0);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);

        meter.startPowerSampling(Duration.ofMillis(1));
        Thread.sleep(20);

        assertThat(nvml.powerReads.get()).isZero();
        meter.close();
    }

    @Test
    void closeShutsNvmlDownOnceAndStopsSampling() throws Exception {
        FakeNvml nvml = new FakeNvml().pascal(PASCAL_UUID, 100_000);
        NvmlMeter meter = NvmlMeter.open(nvml, List.of(0), clock::get);
        meter.startPowerSampling(Duration.ofMillis(1));

        meter.close();
        meter.close();
        int readsAfterClose = nvml.powerReads.get();
        Thread.sleep(20);

        assertThat(nvml.shutDown).isTrue();
        assertThat(nvml.powerReads.get()).isEqualTo(readsAfterClose);
        assertThatThrownBy(() -> meter.startPowerSampling(Duration.ofMillis(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToOpenWithoutDevices() {
        assertThatThrownBy(() -> NvmlMeter.open(new FakeNvml(), List.of(), clock::get))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("no GPU");
    }

    @Test
    void refusesToOpenOnADeviceNvmlCannotRead() {
        FakeNvml nvml = new FakeNvml().volta(VOLTA_UUID, 0);

        assertThatThrownBy(() -> NvmlMeter.open(nvml, List.of(3), clock::get))
                .isInstanceOf(MeterUnavailableException.class)
                .hasMessageContaining("NVML device 3");
        assertThat(nvml.shutDown).as("the caller still owns NVML").isFalse();
    }

    @Test
    void needsNoReadIntervalSinceTheCounterDoesNotWrap() throws Exception {
        NvmlMeter meter = NvmlMeter.open(new FakeNvml().volta(VOLTA_UUID, 0), List.of(0), clock::get);

        assertThat(meter.maxReadInterval()).isEqualTo(Duration.ZERO);
    }

    private static Map<String, EnergyReading> byDomain(List<EnergyReading> readings) {
        return readings.stream().collect(Collectors.toMap(EnergyReading::domain, r -> r));
    }
}
