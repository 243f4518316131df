package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

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
        Path library = compileFakeNvml(dir);
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
        assertThatThrownBy(() -> nvml.uuid(2))
                .isInstanceOf(NvmlException.class)
                .hasMessageContaining("NVML error 2 (Invalid Argument)");
        nvml.shutdown();
    }

    /** Builds the stand-in library with the C compiler; skips where there is none. */
    private static Path compileFakeNvml(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve("fake_nvml.c");
        try (InputStream in = JnaNvmlTest.class.getResourceAsStream("/fake-nvml/fake_nvml.c")) {
            Files.copy(in, source);
        }
        Path library = dir.resolve("libfake-nvml.so");
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TestAbortedException("no C compiler to build the stand-in NVML: " + e.getMessage());
        }
        boolean finished = gcc.waitFor(60, TimeUnit.SECONDS);
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(finished && gcc.exitValue() == 0).as("gcc: " + output).isTrue();
        return library;
    }
}
