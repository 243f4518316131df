package io.greentrain.energy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.greentrain.energy.meter.FakeNvmlLibrary;

/**
 * {@code scripts/gpu/build-nvml-check.sh} makes a folder that runs the check with nothing but its
 * own contents: its own trimmed Java runtime, the energy module's classes and the few jars they
 * need, under the size limit that GPU hosts accept.
 */
class NvmlCheckBundleTest {

    private static final long LIMIT_BYTES = 60L * 1024 * 1024;

    @Test
    void theBundleIsSelfContainedAndUnderSixtyMegabytes(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("greentrain.classesDir")).getParent().getParent().getParent();
        Path bundle = dir.resolve("nvml-check");
        List<String> classpath = new ArrayList<>(List.of(System.getProperty("greentrain.classesDir")));
        // Copied there by the build (energy/pom.xml, execution nvml-check-jars).
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("greentrain.classesDir")).resolveSibling("nvml-check-jars"))) {
            jars.map(Path::toString).sorted().forEach(classpath::add);
        }

        Result build = run(List.of("bash", root.resolve("scripts/gpu/build-nvml-check.sh").toString(), "--output",
                bundle.toString(), "--classpath", String.join(":", classpath), "--no-load-binary"), 300);

        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.output).containsPattern("nvml-check: [0-9.]+ MB");
        long bytes;
        try (Stream<Path> files = Files.walk(bundle)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(NvmlCheckBundleTest::size).sum();
        }
        assertThat(bytes).isLessThan(LIMIT_BYTES);
        assertThat(bundle.resolve("runtime/bin/java")).isExecutable();
        assertThat(bundle.resolve("run-nvml-check.sh")).isExecutable();
        assertThat(bundle.resolve("load/gpu_load.py")).exists();
        assertThat(bundle.resolve("load/gpu_load.cu")).exists();

        Path library = FakeNvmlLibrary.compileUnderLoad(dir);
        Path json = dir.resolve("nvml-check.json");
        // Only the bundle's own runtime and jars: no JAVA_HOME, no PATH to this machine's Java.
        ProcessBuilder check = new ProcessBuilder(bundle.resolve("bin/nvml-check").toString(), "--library",
                library.toString(), "--window-seconds", "0.5", "--probe-seconds", "0", "--nvidia-smi", "none",
                "--output", json.toString());
        check.environment().remove("JAVA_HOME");
        check.environment().put("PATH", "/usr/bin:/bin");
        Result checked = run(check, 60);

        assertThat(checked.exitCode).as(checked.output).isZero();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.path("nvmlLoaded").asBoolean()).isTrue();
        assertThat(result.path("measurements")).hasSize(2);
        assertThat(result.path("measurements").get(0).path("meterMethod").asText()).isEqualTo("counter");
        assertThat(checked.output).contains("NVML loaded from").doesNotContain("SLF4J: No SLF4J providers");
    }

    @Test
    void theBuildRefusesABundleOverTheLimit(@TempDir Path dir) throws Exception {
        Path root = Path.of(System.getProperty("greentrain.classesDir")).getParent().getParent().getParent();

        Result build = run(List.of("bash", root.resolve("scripts/gpu/build-nvml-check.sh").toString(), "--output",
                dir.resolve("tiny-limit").toString(), "--classpath", System.getProperty("greentrain.classesDir"),
                "--no-load-binary", "--max-mb", "1"), 300);

        assertThat(build.exitCode).isEqualTo(1);
        assertThat(build.output).containsPattern("error: the bundle is [0-9.]+ MB, over the 1 MB limit");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), seconds);
    }

    private static Result run(ProcessBuilder builder, int seconds) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        boolean finished = process.waitFor(seconds, TimeUnit.SECONDS);
        assertThat(finished).as("finished within " + seconds + " s").isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
