package io.greentrain.training.gpu;

import java.util.Collection;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parameter-averaging worker that binds the task thread to the task's GPU first. DL4J calls
 * {@link #getInitialModel()} in the task thread at the start of every worker task, before the
 * network exists, so the network's arrays and every op of the fit land on the bound device (the
 * prefetch thread DL4J starts later follows the device of the thread that starts it).
 */
final class DeviceBindingWorker extends ParameterAveragingTrainingWorker {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeviceBindingWorker.class);

    private final DeviceBinder binder;
    private final CollectionAccumulator<GpuBinding> bindings;

    DeviceBindingWorker(Broadcast<NetBroadcastTuple> broadcast, boolean saveUpdater, WorkerConfiguration configuration,
                        Collection<TrainingHook> hooks, Collection<TrainingListener> listeners,
                        StatsStorageRouterProvider routerProvider, DeviceBinder binder,
                        CollectionAccumulator<GpuBinding> bindings) {
        super(broadcast, saveUpdater, configuration, hooks, listeners, routerProvider);
        this.binder = binder;
        this.bindings = bindings;
    }

    @Override
    public MultiLayerNetwork getInitialModel() {
        bindThisTask();
        return super.getInitialModel();
    }

    private void bindThisTask() {
        TaskContext task = TaskContext.get();
        String executor = SparkEnv.get() == null ? "unknown" : SparkEnv.get().executorId();
        int partition = task == null ? -1 : task.partitionId();
        long attempt = task == null ? -1 : task.taskAttemptId();
        ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
        GpuBinding binding;
        if (gpu == null || gpu.addresses().length == 0) {
            LOG.debug("task {} on executor {} has no GPU assigned; ND4J device left as it is", attempt, executor);
            binding = new GpuBinding(executor, partition, attempt, null, -1, binder.getClass().getSimpleName(),
                    GpuBinding.NO_GPU_ASSIGNED);
        } else {
            String address = gpu.addresses()[0];
            DeviceBinder.Decision decision = binder.bind(address);
            LOG.info("task {} on executor {}: GPU address {} -> device {} ({})", attempt, executor, address,
                    decision.device(), decision.outcome());
            binding = new GpuBinding(executor, partition, attempt, address, decision.device(),
                    binder.getClass().getSimpleName(), decision.outcome());
        }
        bindings.add(binding);
    }
}
