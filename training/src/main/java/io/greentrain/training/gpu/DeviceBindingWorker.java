package io.greentrain.training.gpu;

import java.util.Collection;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.core.storage.StatsStorageRouterProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * A parameter-averaging worker that binds the task thread to the task's GPU first. DL4J calls
 * {@link #getInitialModel()} in the task thread at the start of every worker task, before the
 * network exists, so the network's arrays and every op of the fit land on the bound device (the
 * prefetch thread DL4J starts later follows the device of the thread that starts it).
 */
final class DeviceBindingWorker extends ParameterAveragingTrainingWorker {

    private static final long serialVersionUID = 1L;

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
        bindings.add(TaskDevices.bindCurrentTask(binder));
    }
}
