package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * Builds the C stand-in for {@code libnvidia-ml.so} ({@code /fake-nvml/fake_nvml.c}) with the C
 * compiler, so the JNA binding and everything above it run against real native calls. Skips the
 * test where there is no compiler.
 */
public final class FakeNvmlLibrary {

    /** Watts that device 0 of {@link #compileUnderLoad} draws; its counter advances accordingly. */
    public static final int LOAD_WATTS = 300;
    /** The power of device 1, which has no energy counter. */
    public static final int COUNTERLESS_WATTS = 250;
    /** How often the loaded fake's energy counter advances. */
    public static final int COUNTER_STEP_MILLIS = 20;

    private FakeNvmlLibrary() {
    }

    /** The stand-in with fixed readings (see the C source). */
    public static Path compile(Path dir) throws IOException, InterruptedException {
        return compile(dir, "libfake-nvml.so", List.of());
    }

    /**
     * The stand-in as two GPUs under a steady load: device 0 draws {@link #LOAD_WATTS} with an
     * energy counter advancing every {@link #COUNTER_STEP_MILLIS}, device 1 draws
     * {@link #COUNTERLESS_WATTS} without a counter.
     */
    public static Path compileUnderLoad(Path dir) throws IOException, InterruptedException {
        return compile(dir, "libfake-nvml-load.so", List.of("-DFAKE_NVML_LOAD_WATTS=" + LOAD_WATTS,
                "-DFAKE_NVML_COUNTER_STEP_MS=" + COUNTER_STEP_MILLIS));
    }

    private static Path compile(Path dir, String name, List<String> defines) throws IOException, InterruptedException {
        Path source = dir.resolve("fake_nvml.c");
        if (!Files.exists(source)) {
            try (InputStream in = FakeNvmlLibrary.class.getResourceAsStream("/fake-nvml/fake_nvml.c")) {
                Files.copy(in, source);
            }
        }
        Path library = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc", "-shared", "-fPIC"));
        command.addAll(defines);
        command.addAll(List.of("-o", library.toString(), source.toString()));
        Process gcc;
        try {
            gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new TestAbortedException("no C compiler to build the stand-in NVML: " + e.getMessage());
        }
        boolean finished = gcc.waitFor(60, TimeUnit.SECONDS);
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(finished && gcc.exitValue() == 0).as("gcc: " + output).isTrue();
        return library;
    }
}
