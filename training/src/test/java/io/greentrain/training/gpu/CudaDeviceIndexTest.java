package io.greentrain.training.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CudaDeviceIndexTest {

    @Test
    void withoutCudaVisibleDevicesTheAddressIsTheIndex() {
        assertThat(CudaDeviceIndex.of("3", null, 4)).hasValue(3);
        assertThat(CudaDeviceIndex.of(" 0 ", "", 4)).hasValue(0);
    }

    @Test
    void cudaVisibleDevicesRenumbersTheListedDevicesFromZero() {
        assertThat(CudaDeviceIndex.of("3", "2,3", 2)).hasValue(1);
        assertThat(CudaDeviceIndex.of("2", "2, 3", 2)).hasValue(0);
        assertThat(CudaDeviceIndex.of("0", "1,0", 2)).hasValue(1);
    }

    @Test
    void anAddressThisProcessCannotSeeHasNoIndex() {
        assertThat(CudaDeviceIndex.of("0", "2,3", 2)).isEmpty();
        assertThat(CudaDeviceIndex.of("4", null, 4)).isEmpty();
        assertThat(CudaDeviceIndex.of("GPU-8f1c", null, 4)).isEmpty();
        assertThat(CudaDeviceIndex.of(null, null, 4)).isEmpty();
    }
}
