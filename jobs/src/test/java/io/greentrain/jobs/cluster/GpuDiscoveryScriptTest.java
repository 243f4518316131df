package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster-conf/gpu-discovery.sh prints Spark's ResourceInformation JSON for the GPUs a process may use. */
class GpuDiscoveryScriptTest {

    private static final Path SCRIPT = ProjectFiles.CLUSTER_CONF.resolve("gpu-discovery.sh");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path fakeBin;

    @Test
    void isExecutable() {
        assertThat(Files.isExecutable(SCRIPT)).as("%s is executable", SCRIPT).isTrue();
    }

    @Test
    void numbersEveryGpuNvidiaSmiListsFromZero() throws IOException {
        fakeNvidiaSmi("0\n1\n2\n3\n");

        assertThat(addresses(Map.of())).containsExactly("0", "1", "2", "3");
    }

    @Test
    void numbersTheDevicesCudaVisibleDevicesListsFromZeroAndIgnoresTheOthers() throws IOException {
        fakeNvidiaSmi("0\n1\n2\n3\n");

        assertThat(addresses(Map.of("CUDA_VISIBLE_DEVICES", "2,3"))).containsExactly("0", "1");
        assertThat(addresses(Map.of("CUDA_VISIBLE_DEVICES", "GPU-8f2a"))).containsExactly("0");
        assertThat(addresses(Map.of("CUDA_VISIBLE_DEVICES", ""))).isEmpty();
        assertThat(addresses(Map.of("CUDA_VISIBLE_DEVICES", "-1"))).isEmpty();
    }

    @Test
    void reportsNoGpuWhereNvidiaSmiListsNone() throws IOException {
        fakeNvidiaSmi("");

        assertThat(addresses(Map.of())).isEmpty();
    }

    @Test
    void reportsNoGpuWithoutNvidiaSmi() {
        assumeFalse(Files.exists(Path.of("/usr/bin/nvidia-smi")) || Files.exists(Path.of("/bin/nvidia-smi")),
                "this host has nvidia-smi in /usr/bin or /bin");

        assertThat(addresses(Map.of("PATH", "/usr/bin:/bin"))).isEmpty();
    }

    private void fakeNvidiaSmi(String output) throws IOException {
        Path smi = fakeBin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\nprintf '" + output.replace("\n", "\\n") + "'\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the script (with the fake nvidia-smi first on PATH, and without any inherited CUDA_VISIBLE_DEVICES). */
    private List<String> addresses(Map<String, String> env) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", fakeBin + ":" + System.getenv("PATH"));
        environment.putAll(env);
        List<String> command = env.containsKey("CUDA_VISIBLE_DEVICES")
                ? List.of(SCRIPT.toString())
                : List.of("env", "-u", "CUDA_VISIBLE_DEVICES", SCRIPT.toString());
        ProjectFiles.Result result = ProjectFiles.run(command, environment);
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.stderr()).isZero();
        try {
            JsonNode json = JSON.readTree(result.stdout());
            assertThat(json.path("name").asText()).isEqualTo("gpu");
            return JSON.convertValue(json.path("addresses"), JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.stdout(), e);
        }
    }
}
