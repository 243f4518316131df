package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryEstimateMeterTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    @TempDir
    Path cgroup;

    private final AtomicLong clock = new AtomicLong(50 * SECOND);

    @Test
    void chargesTheAllocatedGigabytesTimesTheCoefficientOverTime() {
        MemoryEstimateMeter meter = MemoryEstimateMeter.open(4 * GIB, "cgroup memory.max", 0.392, clock::get);

        clock.addAndGet(3600 * SECOND);
        EnergyReading reading = meter.read().get(0);

        assertThat(reading.joules()).isCloseTo(4 * 0.392 * 3600, within(1e-9));
        assertThat(reading.monotonicNanos()).isEqualTo(3650 * SECOND);
        assertThat(reading.domain()).isEqualTo("memory-estimated");
        assertThat(reading.scope()).isEqualTo(Scope.PROCESS);
        assertThat(reading.method()).isEqualTo(MeasurementMethod.ESTIMATED);
    }

    @Test
    void statesTheGigabytesTheCoefficientAndWhereTheyCameFrom() {
        MemoryEstimateMeter meter = MemoryEstimateMeter.open(6 * GIB + GIB / 2, "spark.executor.memory + overhead",
                MemoryEstimateMeter.WATTS_PER_GB_DEFAULT, clock::get);

        assertThat(meter.read().get(0).provenance()).isEqualTo("estimated: 6.5 GB x 0.392 W/GB"
                + " (Cloud Carbon Footprint memory coefficient); allocation from spark.executor.memory + overhead");
    }

    @Test
    void rejectsAnAllocationWithoutSizeOrSource() {
        assertThatThrownBy(() -> MemoryEstimateMeter.open(0, "cgroup memory.max"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryEstimateMeter.open(GIB, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheCgroupV2Limit() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "8589934592\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).hasValue(8 * GIB);
    }

    @Test
    void cgroupV2MaxMeansNoLimit() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "max\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void readsTheCgroupV1Limit() throws IOException {
        writeV1Limit("2147483648\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).hasValue(2 * GIB);
    }

    @Test
    void cgroupV1HugeValueMeansNoLimit() throws IOException {
        writeV1Limit("9223372036854771712\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).isEqualTo(OptionalLong.empty());
    }

    @Test
    void prefersCgroupV2OverV1() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "1073741824\n");
        writeV1Limit("2147483648\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).hasValue(GIB);
    }

    @Test
    void noLimitFileOrAnUnparseableOneGivesNoLimit() throws IOException {
        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).isEqualTo(OptionalLong.empty());

        Files.writeString(cgroup.resolve("memory.max"), "lots\n");

        assertThat(MemoryEstimateMeter.cgroupMemoryLimitBytes(cgroup)).isEqualTo(OptionalLong.empty());
    }

    private void writeV1Limit(String content) throws IOException {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory").resolve("memory.limit_in_bytes"), content);
    }
}
