package io.greentrain.training.gpu;

/**
 * A binder for a pretend two-GPU host whose {@code CUDA_VISIBLE_DEVICES} lists the GPUs in reverse
 * order ({@code 1,0}): it maps addresses as {@link Nd4jDeviceBinder} would on CUDA, without touching
 * ND4J (the tests run on the CPU backend).
 */
final class RenumberingDeviceBinder implements DeviceBinder {

    private static final long serialVersionUID = 1L;

    @Override
    public Decision bind(String address) {
        return CudaDeviceIndex.of(address, "1,0", 2).stream().mapToObj(i -> new Decision(i, GpuBinding.BOUND))
                .findFirst().orElse(new Decision(-1, GpuBinding.NOT_VISIBLE));
    }
}
