package io.greentrain.training.gpu;

import java.util.OptionalInt;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the current thread with {@link AffinityManager#unsafeSetDevice}, the call ND4J's CUDA
 * backend offers to pin a thread to a device (its own affinity manager otherwise spreads new
 * threads over the devices round-robin). On the CPU backend there is one device and nothing to
 * bind: the thread is left alone and the outcome says so.
 */
public final class Nd4jDeviceBinder implements DeviceBinder {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jDeviceBinder.class);

    @Override
    public Decision bind(String address) {
        if (Nd4j.getEnvironment().isCPU()) {
            return new Decision(-1, GpuBinding.CPU_BACKEND);
        }
        AffinityManager affinity = Nd4j.getAffinityManager();
        String visible = System.getenv("CUDA_VISIBLE_DEVICES");
        OptionalInt device = CudaDeviceIndex.of(address, visible, affinity.getNumberOfDevices());
        if (device.isEmpty()) {
            LOG.warn("GPU address {} is not among the {} devices visible here (CUDA_VISIBLE_DEVICES={}); thread left on "
                    + "device {}", address, affinity.getNumberOfDevices(), visible, affinity.getDeviceForCurrentThread());
            return new Decision(-1, GpuBinding.NOT_VISIBLE);
        }
        affinity.unsafeSetDevice(device.getAsInt());
        return new Decision(device.getAsInt(), GpuBinding.BOUND);
    }
}
