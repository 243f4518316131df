package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergySampleMessageTest {

    private static Object roundTrip(Object message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void aSampleSentAsAnRpcMessageArrivesEqualWithEveryDomain() throws Exception {
        EnergySample sample = new EnergySample("7", "node-3", 42, 1_000, 2_000, 123_456_789L, true, 0.25,
                List.of(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER, 12.5, "rapl package-0"),
                        new DomainEnergy("gpu-GPU-1", Scope.DEVICE, MeasurementMethod.POWER_INTEGRATION, 80.0,
                                "nvml power GPU-1")), false, "boot:abc");

        assertThat(roundTrip(sample)).isEqualTo(sample);
    }

    @Test
    void aSampleWithoutHostReadingsKeepsItsNanBusyRatioAndLastFlag() throws Exception {
        EnergySample sample = new EnergySample("driver", "node-1", 0, 5, 5, 0, false, Double.NaN, List.of(), true);

        EnergySample back = (EnergySample) roundTrip(sample);

        assertThat(back).isEqualTo(sample);
        assertThat(back.hostBusyRatio()).isNaN();
        assertThat(back.last()).isTrue();
        assertThat(back.hostId()).isEqualTo("node-1");
    }
}
