package io.greentrain.energy.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceClassTest {

    @ParameterizedTest
    @CsvSource({
        "cpu-package, cpu", "cpu-estimated, cpu", "dram, ram", "memory-estimated, ram",
        "gpu-GPU-8f2a, gpu", "gpu-0, gpu", "psys, other", "gpu, other", "cpu, other"})
    void classifiesEveryMeterDomainAsCodeCarbonDoes(String device, String deviceClass) {
        assertThat(DeviceClass.of(device).code()).isEqualTo(deviceClass);
    }

    @ParameterizedTest
    @CsvSource({"cpu-estimated", "memory-estimated"})
    void processEstimatesAreCpuOrRamDevices(String device) {
        assertThat(DeviceClass.PROCESS_ESTIMATE_DEVICES).contains(device);
        assertThat(DeviceClass.of(device)).isIn(DeviceClass.CPU, DeviceClass.RAM);
    }

    @Test
    void anUnknownOrMissingDeviceIsOther() {
        assertThat(DeviceClass.of(null)).isEqualTo(DeviceClass.OTHER);
        assertThat(DeviceClass.of("")).isEqualTo(DeviceClass.OTHER);
    }
}
