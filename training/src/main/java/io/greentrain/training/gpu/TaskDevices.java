package io.greentrain.training.gpu;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the running Spark task's thread to the GPU Spark assigned the task, whichever trainer runs
 * it. Call on an executor, in the task thread that then builds and fits the network, before the
 * network allocates anything.
 */
public final class TaskDevices {

    private static final Logger LOG = LoggerFactory.getLogger(TaskDevices.class);

    private TaskDevices() {
    }

    /** Binds with {@code binder} when the task has a GPU; says what was done either way. */
    public static GpuBinding bindCurrentTask(DeviceBinder binder) {
        TaskContext task = TaskContext.get();
        String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
        int partition = task == null ? -1 : task.partitionId();
        long attempt = task == null ? -1 : task.taskAttemptId();
        ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
        if (gpu == null || gpu.addresses().length == 0) {
            LOG.debug("task {} on executor {} has no GPU assigned; ND4J device left as it is", attempt, executor);
            return new GpuBinding(executor, partition, attempt, null, -1, binder.getClass().getSimpleName(),
                    GpuBinding.NO_GPU_ASSIGNED);
        }
        String address = gpu.addresses()[0];
        DeviceBinder.Decision decision = binder.bind(address);
        LOG.info("task {} on executor {}: GPU address {} -> device {} ({})", attempt, executor, address,
                decision.device(), decision.outcome());
        return new GpuBinding(executor, partition, attempt, address, decision.device(),
                binder.getClass().getSimpleName(), decision.outcome());
    }
}
