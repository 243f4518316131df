package io.greentrain.energy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.greentrain.energy.meter.FakeNvmlLibrary;

/**
 * The NVML check run against the C stand-in for {@code libnvidia-ml.so} under a steady load, with a
 * stand-in {@code nvidia-smi} that prints the same power as the driver would: the real JNA binding,
 * address resolver and meter, end to end.
 */
class NvmlCheckTest {

    @TempDir
    static Path dir;
    private static Path library;
    private static Path nvidiaSmi;

    @BeforeAll
    static void buildStandIns() throws Exception {
        library = FakeNvmlLibrary.compileUnderLoad(dir);
        nvidiaSmi = dir.resolve("nvidia-smi");
        // The same fields, format and cadence as nvidia-smi --query-gpu=timestamp,index,power.draw -lms 100;
        // device 1 reports no power, as some boards do.
        Files.writeString(nvidiaSmi, String.join("\n",
                "#!/bin/sh",
                "while true; do",
                "  t=$(date +'%Y/%m/%d %H:%M:%S.%3N')",
                "  echo \"$t, 0, " + FakeNvmlLibrary.LOAD_WATTS + ".00\"",
                "  echo \"$t, 1, [N/A]\"",
                "  sleep 0.1",
                "done", ""));
        Files.setPosixFilePermissions(nvidiaSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void measuresAWindowByCounterByPowerIntegrationAndByTheDriversOwnReadings() throws Exception {
        Run run = check("--library", library.toString(), "--window-seconds", "2", "--probe-seconds", "1",
                "--nvidia-smi", nvidiaSmi.toString(), "--load", "steady fake load");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = run.json();
        assertThat(json.path("nvmlLoaded").asBoolean()).isTrue();
        assertThat(json.path("driverVersion").asText()).isEqualTo("999.99-fake");
        assertThat(json.path("devices")).hasSize(2);
        assertThat(json.path("devices").get(0).path("energyCounter").asBoolean()).isTrue();
        assertThat(json.path("devices").get(1).path("energyCounter").asBoolean()).isFalse();
        assertThat(json.path("window").path("load").asText()).isEqualTo("steady fake load");

        JsonNode counted = json.path("measurements").get(0);
        double seconds = counted.path("windowSeconds").asDouble();
        double expected = FakeNvmlLibrary.LOAD_WATTS * seconds;
        assertThat(counted.path("meterMethod").asText()).isEqualTo("counter");
        // The counter advances in 20 ms steps: the window's two reads may each be up to a step off.
        assertThat(counted.path("counterJoules").asDouble()).isCloseTo(expected, within(expected * 0.05));
        assertThat(counted.path("integratedJoules").asDouble()).isCloseTo(expected, within(expected * 0.05));
        assertThat(counted.path("meanPowerWatts").asDouble()).isCloseTo(300, within(15.0));
        assertThat(counted.path("driverPower").path("available").asBoolean()).isTrue();
        assertThat(counted.path("driverPower").path("samples").asInt()).isGreaterThanOrEqualTo(5);
        assertThat(counted.path("driverPower").path("meanWatts").asDouble()).isCloseTo(300, within(0.01));
        assertThat(counted.path("counterVsDriverPowerPercent").asDouble()).isBetween(-5.0, 5.0);
        assertThat(counted.path("integrationVsCounterPercent").asDouble()).isBetween(-10.0, 10.0);
        JsonNode counterPeriod = counted.path("updatePeriodsMs").path("energyCounter");
        assertThat(counterPeriod.path("changes").asInt()).isGreaterThan(10);
        assertThat(counterPeriod.path("median").asDouble()).isBetween(10.0, 40.0);
        assertThat(counted.path("updatePeriodsMs").path("power").path("changes").asInt())
                .as("a steady power reading never changes").isZero();

        JsonNode integrated = json.path("measurements").get(1);
        double expectedCounterless = FakeNvmlLibrary.COUNTERLESS_WATTS * seconds;
        assertThat(integrated.path("meterMethod").asText()).isEqualTo("power_integration");
        assertThat(integrated.path("counterJoules").isNull()).isTrue();
        assertThat(integrated.path("meterJoules").asDouble()).isCloseTo(expectedCounterless, within(expectedCounterless * 0.05));
        assertThat(integrated.path("driverPower").path("available").asBoolean()).as("[N/A] power").isFalse();
        assertThat(integrated.path("updatePeriodsMs").has("energyCounter")).isFalse();

        assertThat(json.path("checks").path("counterWithinToleranceOfDriverPower").asBoolean()).isTrue();
        assertThat(json.path("checks").path("integrationWithinToleranceOfCounter").asBoolean()).isTrue();
        assertThat(run.err).contains("GPU 0 (Fake Volta): meter ", "counter vs nvidia-smi");
    }

    @Test
    void mapsSparkAddressesThroughCudaVisibleDevicesAsAnExecutorWould() throws Exception {
        Run run = check("--library", library.toString(), "--window-seconds", "0.5", "--probe-seconds", "0",
                "--nvidia-smi", "none", "--spark-addresses", "0", "--cuda-visible-devices", "GPU-00000001");

        assertThat(run.exitCode).as(run.err).isZero();
        JsonNode json = run.json();
        assertThat(json.path("addressMapping").path("cudaVisibleDevices").asText()).isEqualTo("GPU-00000001");
        assertThat(json.path("addressMapping").path("nvmlIndices")).hasSize(1);
        assertThat(json.path("addressMapping").path("nvmlIndices").get(0).asInt()).isEqualTo(1);
        assertThat(json.path("measurements")).hasSize(1);
        assertThat(json.path("measurements").get(0).path("name").asText()).isEqualTo("Fake Pascal");
        assertThat(json.path("measurements").get(0).path("driverPower").path("reason").asText())
                .contains("--nvidia-smi none");
        assertThat(json.path("checks").path("counterWithinToleranceOfDriverPower").isNull())
                .as("nothing to compare without a counter").isTrue();
    }

    @Test
    void anAddressThatNamesNoDeviceEndsWithOneErrorLineAndExitCodeOne() throws Exception {
        Run run = check("--library", library.toString(), "--nvidia-smi", "none", "--spark-addresses", "7",
                "--cuda-visible-devices", "unset");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.json().path("error").asText()).contains("no GPU to measure", "'7' is not an NVML device index");
        assertThat(run.err).startsWith("error: no GPU to measure").doesNotContain("Exception", "\tat ");
    }

    @Test
    void aHostWithoutNvmlSaysSoInTheJsonAndExitsOne() throws Exception {
        Run run = check("--library", dir.resolve("libno-such-nvml.so").toString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.json().path("nvmlLoaded").asBoolean()).isFalse();
        assertThat(run.err).contains("error: NVML could not be loaded from");
    }

    @Test
    void aUsageErrorNamesTheArgumentAndExitsTwo() throws Exception {
        Run unknown = check("--window", "3");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err.lines().findFirst()).hasValue("error: unknown argument '--window'");

        Run badNumber = check("--window-seconds", "ten");
        assertThat(badNumber.exitCode).isEqualTo(2);
        assertThat(badNumber.err).startsWith("error: --window-seconds must be a number of seconds, got 'ten'");
        assertThat(badNumber.out).isEmpty();
    }

    @Test
    void writesTheJsonToTheOutputFileWhenAsked() throws Exception {
        Path output = dir.resolve("check.json");
        Run run = check("--library", library.toString(), "--window-seconds", "0.2", "--probe-seconds", "0",
                "--nvidia-smi", "none", "--output", output.toString());

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).isEmpty();
        assertThat(new ObjectMapper().readTree(output.toFile()).path("measurements")).hasSize(2);
        assertThat(run.err).contains("wrote " + output);
    }

    private static Run check(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of(args));
        int exitCode = NvmlCheck.run(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out.isEmpty() ? "{}" : out);
        }
    }
}
