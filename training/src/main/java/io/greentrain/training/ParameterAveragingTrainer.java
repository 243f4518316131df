package io.greentrain.training;

import io.greentrain.energy.api.Phases;
import io.greentrain.training.gpu.DeviceBinder;
import io.greentrain.training.gpu.DeviceBindingTrainingMaster;
import io.greentrain.training.gpu.GpuBinding;
import io.greentrain.training.gpu.Nd4jDeviceBinder;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous data-parallel training with DL4J's {@link ParameterAveragingTrainingMaster}: each of
 * {@code workers} tasks fits its own copy of the network on {@code averagingFrequency} minibatches,
 * then the driver averages the copies' parameters (and Adam's state when {@code saveUpdater}) and
 * broadcasts the average for the next round.
 *
 * <p>Each worker task first binds its thread to the GPU Spark assigned it
 * ({@code spark.task.resource.gpu.amount}) through a {@link DeviceBinder}; the bindings come back
 * in {@link Result#gpuBindings()}.
 *
 * <p>Works around DL4J 1.0.0-M2: {@code saveUpdater} is always set explicitly (its Javadoc and
 * builder default disagree), and the training-stats clock is set to the system clock, since the
 * default NTP clock needs the internet. Each epoch is fed to DL4J as {@link AveragingRounds}, since
 * one {@code fitPaths} call over all files skips some of them.
 */
public final class ParameterAveragingTrainer implements DistributedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(ParameterAveragingTrainer.class);
    private static final String TIME_SOURCE_PROPERTY = "org.deeplearning4j.spark.time.TimeSource";
    private static final String SYSTEM_CLOCK = "org.deeplearning4j.spark.time.SystemClockTimeSource";

    private final JavaSparkContext sc;
    private final TrainerSettings settings;
    private final long seed;
    private final DeviceBinder binder;

    /** A trainer whose workers bind their GPU with {@link Nd4jDeviceBinder}. */
    public ParameterAveragingTrainer(JavaSparkContext sc, TrainerSettings settings, long seed) {
        this(sc, settings, seed, new Nd4jDeviceBinder());
    }

    /** A trainer whose workers bind their task's GPU with {@code binder}. */
    public ParameterAveragingTrainer(JavaSparkContext sc, TrainerSettings settings, long seed, DeviceBinder binder) {
        this.sc = sc;
        this.settings = settings;
        this.seed = seed;
        this.binder = binder;
    }

    @Override
    public Result fit(MultiLayerNetwork network, JavaRDD<String> minibatchPaths, long examplesPerEpoch,
                      EpochListener listener) {
        if (System.getProperty(TIME_SOURCE_PROPERTY) == null) {
            System.setProperty(TIME_SOURCE_PROPERTY, SYSTEM_CLOCK);
        }
        CollectionAccumulator<GpuBinding> bindings = sc.sc().collectionAccumulator("greentrain.gpuBindings");
        ParameterAveragingTrainingMaster.Builder builder = new ParameterAveragingTrainingMaster.Builder(
                settings.workers(), settings.batchSizePerWorker())
                .batchSizePerWorker(settings.batchSizePerWorker())
                .averagingFrequency(settings.averagingFrequency())
                .workerPrefetchNumBatches(settings.prefetchBatches())
                .saveUpdater(settings.saveUpdater())
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .rngSeed(seed);
        ParameterAveragingTrainingMaster master = new DeviceBindingTrainingMaster(builder, binder, bindings);
        SparkDl4jMultiLayer sparkNetwork = new SparkDl4jMultiLayer(sc, network, master);
        LongAccumulator examplesSeen = sc.sc().longAccumulator("greentrain.trainingExamples");
        LongAccumulator iterationsSeen = sc.sc().longAccumulator("greentrain.trainingIterations");
        sparkNetwork.setListeners(new ExamplesSeenListener(examplesSeen, iterationsSeen));
        List<EpochStats> epochs = new ArrayList<>();
        AveragingRounds rounds = null;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            try (Phases.Scope epochPhase = Phases.scope(sc.sc(), "train/epoch-" + epoch)) {
                long start = System.nanoTime();
                long examplesBefore = examplesSeen.value();
                long iterationsBefore = iterationsSeen.value();
                if (rounds == null) {
                    // Listing the files is a Spark job: inside epoch 1's phase, its energy counts as training.
                    rounds = new AveragingRounds(minibatchPaths.collect(), settings.workers(),
                            settings.averagingFrequency(), seed);
                }
                rounds.fitEpoch(sparkNetwork, sc, epoch);
                double seconds = (System.nanoTime() - start) / 1e9;
                long examples = examplesSeen.value() - examplesBefore;
                if (examples != examplesPerEpoch) {
                    LOG.warn("epoch {} fitted {} examples, {} expected", epoch, examples, examplesPerEpoch);
                }
                EpochStats stats = new EpochStats(epoch, sparkNetwork.getScore(), seconds, examples,
                        iterationsSeen.value() - iterationsBefore);
                epochs.add(stats);
                listener.onEpochEnd(stats, sparkNetwork.getNetwork());
            }
            if (listener.stopRequested()) {
                break;
            }
        }
        return new Result(sparkNetwork.getNetwork(), List.copyOf(epochs), List.copyOf(bindings.value()));
    }
}
