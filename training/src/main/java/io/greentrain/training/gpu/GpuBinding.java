package io.greentrain.training.gpu;

import java.io.Serializable;

/**
 * What one training task did about its GPU: which executor and task it was, the GPU address Spark
 * assigned the task (null when none), and the ND4J device its thread was bound to (-1 when the
 * thread was left as it was, with {@code outcome} saying why).
 *
 * @param executorId  Spark's executor id ({@code driver} in local mode)
 * @param partition   the task's partition
 * @param taskAttempt Spark's task attempt id, unique within the application
 * @param address     the GPU address from {@code TaskContext.resources().get("gpu")}, or null
 * @param device      the ND4J device index bound, or -1 for none
 * @param binder      the simple class name of the {@link DeviceBinder} that decided
 * @param outcome     one of {@link #BOUND}, {@link #NO_GPU_ASSIGNED}, {@link #CPU_BACKEND},
 *                    {@link #NOT_VISIBLE}
 */
public record GpuBinding(String executorId, int partition, long taskAttempt, String address, int device,
                         String binder, String outcome) implements Serializable {

    /** The thread was bound to {@link #device}. */
    public static final String BOUND = "bound";
    /** Spark assigned the task no GPU (no {@code spark.task.resource.gpu.amount}). */
    public static final String NO_GPU_ASSIGNED = "no-gpu-assigned";
    /** ND4J runs on the CPU backend: one device, nothing to bind. */
    public static final String CPU_BACKEND = "cpu-backend";
    /** The address is not among the devices this process can see (see {@link CudaDeviceIndex}). */
    public static final String NOT_VISIBLE = "not-visible";

    private static final long serialVersionUID = 1L;
}
