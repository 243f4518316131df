package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaNvmlTest {

    @Test
    void loadReturnsEmptyWhenTheLibraryIsAbsent() {
        assertThat(JnaNvml.load(List.of("libgreentrain-no-such-nvml.so.1"))).isEmpty();
    }

    @Test
    void loadReturnsEmptyOnAMachineWithoutTheNvidiaDriver() {
        assumeThat(Path.of("/proc/driver/nvidia")).as("this machine has no NVIDIA driver").doesNotExist();

        assertThat(JnaNvml.load()).isEmpty();
    }

    @Test
    void readsDevicesThroughTheCFunctionsOfNvmlH(@TempDir Path dir) throws Exception {
        Path library = FakeNvmlLibrary.compile(dir);
        Optional<Nvml> loaded = JnaNvml.load(List.of("libgreentrain-no-such-nvml.so.1", library.toString()));
        assertThat(loaded).isPresent();
        Nvml nvml = loaded.get();

        assertThat(nvml.deviceCount()).isEqualTo(2);
        assertThat(nvml.uuid(1)).isEqualTo("GPU-00000001-1111-2222-3333-444444444444");
        assertThat(nvml.name(0)).isEqualTo("Fake Volta");
        assertThat(nvml.pciBusId(1)).isEqualTo("00000000:18:00.0");
        assertThat(nvml.totalEnergyMillijoules(0)).hasValue(5_000_000_000L);
        assertThat(nvml.totalEnergyMillijoules(1)).as("NVML_ERROR_NOT_SUPPORTED").isEqualTo(OptionalLong.empty());
        assertThat(nvml.powerMilliwatts(0)).as("unsigned int").isEqualTo(3_000_000_000L);
        assertThat(nvml.powerMilliwatts(1)).isEqualTo(250_000L);
        assertThat(nvml.driverVersion()).as("nvmlSystemGetDriverVersion").hasValue("999.99-fake");
        assertThatThrownBy(() -> nvml.uuid(2))
                .isInstanceOf(NvmlException.class)
                .hasMessageContaining("NVML error 2 (Invalid Argument)");
        nvml.shutdown();
    }
}
