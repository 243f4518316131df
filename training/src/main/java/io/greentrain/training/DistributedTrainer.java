package io.greentrain.training;

import io.greentrain.training.gpu.GpuBinding;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Trains a network on minibatch files across a Spark cluster. Our jobs see only this interface,
 * so DL4J's frozen Spark module stays behind one implementation ({@link ParameterAveragingTrainer}).
 */
public interface DistributedTrainer {

    /**
     * The outcome of {@link #fit}: the trained network, one {@link EpochStats} per epoch (those of a
     * resumed run's earlier epochs included, as its checkpoint recorded them), one {@link GpuBinding}
     * per worker task (what each task did about the GPU Spark assigned it), and the epoch training
     * resumed at from a checkpoint (0 when it started from scratch).
     */
    record Result(MultiLayerNetwork network, List<EpochStats> epochs, List<GpuBinding> gpuBindings,
                  int resumedFromEpoch) {

        /** The outcome of a run that started from scratch. */
        public Result(MultiLayerNetwork network, List<EpochStats> epochs, List<GpuBinding> gpuBindings) {
            this(network, epochs, gpuBindings, 0);
        }
    }

    /**
     * Trains {@code network} on the minibatch files in {@code minibatchPaths} (each a
     * {@code DataSet.save} file readable by every executor), calling {@code listener} after each
     * epoch. Each epoch fits every file once and runs as Spark jobs tagged with the phase
     * {@code train/epoch-N}.
     *
     * @param examplesPerEpoch the number of examples the files hold; the examples actually fitted
     *                         are counted on the workers and reported in each {@link EpochStats}
     */
    Result fit(MultiLayerNetwork network, JavaRDD<String> minibatchPaths, long examplesPerEpoch, EpochListener listener);
}
