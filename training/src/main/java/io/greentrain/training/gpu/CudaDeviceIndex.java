package io.greentrain.training.gpu;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Maps the GPU address Spark assigns a task to the device index CUDA (and so ND4J) uses in this
 * process. Spark's address is what the discovery script reported, normally the physical index
 * ({@code nvidia-smi}'s numbering). When {@code CUDA_VISIBLE_DEVICES} is set, CUDA renumbers the
 * visible devices from 0 in the listed order: with {@code CUDA_VISIBLE_DEVICES=2,3} physical GPU 3
 * is device 1, and physical GPU 0 is not reachable at all.
 */
public final class CudaDeviceIndex {

    private CudaDeviceIndex() {
    }

    /**
     * The device index of {@code address}.
     *
     * @param address            the address Spark assigned, e.g. {@code "3"}
     * @param cudaVisibleDevices the value of {@code CUDA_VISIBLE_DEVICES}, or null when unset
     * @param deviceCount        how many devices the process sees
     * @return the index, or empty when the address names no device this process can use (not an
     *         integer, not listed in {@code CUDA_VISIBLE_DEVICES}, or beyond {@code deviceCount})
     */
    public static OptionalInt of(String address, String cudaVisibleDevices, int deviceCount) {
        String trimmed = address == null ? "" : address.trim();
        int index;
        if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
            index = parse(trimmed);
        } else {
            List<String> visible = Arrays.stream(cudaVisibleDevices.split(",")).map(String::trim).toList();
            index = visible.indexOf(trimmed);
        }
        return index >= 0 && index < deviceCount ? OptionalInt.of(index) : OptionalInt.empty();
    }

    private static int parse(String address) {
        try {
            return Integer.parseInt(address);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
