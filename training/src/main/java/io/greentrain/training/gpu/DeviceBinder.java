package io.greentrain.training.gpu;

import java.io.Serializable;

/**
 * Binds the calling thread's ND4J device to the GPU that Spark assigned the running task. Called
 * on an executor, in the task thread that then builds and fits the worker's network, before the
 * network allocates anything; implementations must be serializable (they travel with the task).
 */
public interface DeviceBinder extends Serializable {

    /**
     * Binds the current thread for a task assigned the GPU {@code address}.
     *
     * @param address the address Spark assigned (the physical index the discovery script reported)
     * @return the device bound (-1 for none) and the outcome, one of {@link GpuBinding}'s constants
     *         except {@link GpuBinding#NO_GPU_ASSIGNED}, which the caller decides
     */
    Decision bind(String address);

    /** The device bound ({@code -1} for none) and why. */
    record Decision(int device, String outcome) {
    }
}
