package io.greentrain.training.gpu;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.WorkerConfiguration;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingWorker;

/**
 * DL4J's parameter-averaging master whose workers bind their task thread to the task's GPU before
 * they build the network (see {@link DeviceBindingWorker}). Everything else is DL4J's: the worker is
 * built exactly as {@link ParameterAveragingTrainingMaster#getWorkerInstance(SparkDl4jMultiLayer)}
 * builds it in 1.0.0-M2. Driver-only; multi-layer networks only.
 */
public final class DeviceBindingTrainingMaster extends ParameterAveragingTrainingMaster {

    private static final long serialVersionUID = 1L;

    private final DeviceBinder binder;
    private final CollectionAccumulator<GpuBinding> bindings;

    /**
     * @param builder  DL4J's builder with every setting of the master
     * @param binder   what binds each task thread
     * @param bindings receives one {@link GpuBinding} per worker task
     */
    public DeviceBindingTrainingMaster(Builder builder, DeviceBinder binder, CollectionAccumulator<GpuBinding> bindings) {
        super(builder);
        this.binder = binder;
        this.bindings = bindings;
    }

    @Override
    public ParameterAveragingTrainingWorker getWorkerInstance(SparkDl4jMultiLayer network) {
        MultiLayerNetwork net = network.getNetwork();
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getLayerWiseConfigurations(), net.params(),
                net.getUpdater().getStateViewArray());
        if (collectTrainingStats) {
            stats.logBroadcastStart();
        }
        Broadcast<NetBroadcastTuple> broadcast = network.getSparkContext().broadcast(tuple);
        if (collectTrainingStats) {
            stats.logBroadcastEnd();
        }
        WorkerConfiguration configuration = new WorkerConfiguration(false, rddDataSetNumExamples, batchSizePerWorker,
                averagingFrequency, prefetchNumBatches, collectTrainingStats);
        return new DeviceBindingWorker(broadcast, saveUpdater, configuration, trainingHookList, listeners,
                getRouterProvider(), binder, bindings);
    }
}
