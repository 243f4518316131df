package io.greentrain.energy.meter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GpuAddressResolverTest {

    private static final String UUID_0 = "GPU-00000000-aaaa-0000-0000-000000000000";
    private static final String UUID_1 = "GPU-11111111-bbbb-0000-0000-000000000000";
    private static final String UUID_2 = "GPU-22222222-cccc-0000-0000-000000000000";
    private static final String UUID_3 = "GPU-33333333-dddd-0000-0000-000000000000";

    private final GpuAddressResolver resolver = GpuAddressResolver.forDevicesOf(
            new FakeNvml().volta(UUID_0, 0).volta(UUID_1, 0).volta(UUID_2, 0).volta(UUID_3, 0));

    @Test
    void withoutCudaVisibleDevicesAnAddressIsTheNvmlIndex() {
        GpuResolution resolution = resolver.resolve(List.of("1", "3"), null);

        assertThat(resolution.nvmlIndices()).containsExactly(1, 3);
        assertThat(resolution.isComplete()).isTrue();
    }

    @Test
    void withCudaVisibleDevicesAnAddressIsThePositionInTheVisibleList() {
        GpuResolution resolution = resolver.resolve(List.of("0", "1"), "2,3");

        assertThat(resolution.nvmlIndices()).containsExactly(2, 3);
    }

    @Test
    void resolvesUuidEntriesOfCudaVisibleDevicesThroughNvml() {
        GpuResolution resolution = resolver.resolve(List.of("0", "1"), UUID_3 + "," + UUID_1);

        assertThat(resolution.nvmlIndices()).containsExactly(3, 1);
    }

    @Test
    void acceptsAUniqueUuidPrefixAsCudaDoes() {
        GpuResolution resolution = resolver.resolve(List.of("0"), "gpu-22222222");

        assertThat(resolution.nvmlIndices()).containsExactly(2);
    }

    @Test
    void resolvesAnAddressThatIsItselfAUuid() {
        GpuResolution resolution = resolver.resolve(List.of(UUID_2), "0,1");

        assertThat(resolution.nvmlIndices()).containsExactly(2);
    }

    @Test
    void reportsAnAddressBeyondTheVisibleDevices() {
        GpuResolution resolution = resolver.resolve(List.of("0", "2"), "3,1");

        assertThat(resolution.nvmlIndices()).containsExactly(3);
        assertThat(resolution.problems()).singleElement().asString()
                .contains("GPU address '2'", "CUDA_VISIBLE_DEVICES='3,1'", "2 device(s) visible");
    }

    @Test
    void anEntryThatNamesNoDeviceHidesTheRestAsInCuda() {
        GpuResolution resolution = resolver.resolve(List.of("0", "1", "2"), "1,7,2");

        assertThat(resolution.nvmlIndices()).containsExactly(1);
        assertThat(resolution.problems()).hasSize(2).allSatisfy(problem ->
                assertThat(problem).contains("entry '7' names no device"));
    }

    @Test
    void anEmptyCudaVisibleDevicesHidesEveryGpu() {
        GpuResolution resolution = resolver.resolve(List.of("0"), "");

        assertThat(resolution.nvmlIndices()).isEmpty();
        assertThat(resolution.problems()).singleElement().asString().contains("0 device(s) visible");
    }

    @Test
    void reportsMigInstancesAsNotMeasurablePerExecutor() {
        GpuResolution resolution = resolver.resolve(List.of("0", "1"),
                "MIG-5c5d0a1e-0000-0000-0000-000000000000," + UUID_1);

        assertThat(resolution.nvmlIndices()).containsExactly(1);
        assertThat(resolution.problems()).singleElement().asString().contains("GPU address '0'", "MIG instance");
    }

    @Test
    void reportsUnknownUuidsIndicesAndGarbage() {
        GpuResolution resolution = resolver.resolve(
                List.of("GPU-99999999-0000-0000-0000-000000000000", "9", "gpu0"), null);

        assertThat(resolution.nvmlIndices()).isEmpty();
        assertThat(resolution.problems()).satisfiesExactly(
                p -> assertThat(p).contains("no GPU has UUID GPU-99999999"),
                p -> assertThat(p).contains("'9' is not an NVML device index (this host has 4 GPU(s))"),
                p -> assertThat(p).contains("neither a device number nor a GPU-<uuid>"));
        assertThat(resolution.isComplete()).isFalse();
    }

    @Test
    void reportsAnAmbiguousUuidPrefix() {
        GpuResolution resolution = resolver.resolve(List.of("GPU-"), null);

        assertThat(resolution.problems()).singleElement().asString().contains("matches 4 GPUs");
    }

    @Test
    void countsTwoAddressesOfTheSameDeviceOnce() {
        GpuResolution resolution = resolver.resolve(List.of("2", UUID_2), null);

        assertThat(resolution.nvmlIndices()).containsExactly(2);
        assertThat(resolution.problems()).singleElement().asString().contains("NVML device 2 again");
    }
}
