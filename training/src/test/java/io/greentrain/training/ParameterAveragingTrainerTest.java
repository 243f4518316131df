package io.greentrain.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.api.Phases;
import io.greentrain.testsupport.LocalSpark;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class ParameterAveragingTrainerTest {

    private static final int BATCH = 32;
    private static final int TRAIN_EXAMPLES = 1_024;
    private static final int HELD_OUT = 256;
    private static final double NOISE = 0.5;
    private static final long SEED = 2024;

    private static JavaSparkContext sc;

    @TempDir
    static Path dir;

    /** URIs of the train minibatch files, and the held-out examples in one data set. */
    private static List<String> trainFiles;
    private static DataSet heldOut;

    /**
     * {@code y = 3 x1 - 2 x2 + noise} with standard normal {@code x} and noise of standard
     * deviation 0.5, so {@code var(y) = 13.25}; the target is {@code y} standardised with the
     * train mean and deviation, as the convert step does.
     */
    @BeforeAll
    static void writeMinibatchFiles() {
        sc = LocalSpark.context("greentrain-training-tests");
        Random random = new Random(SEED);
        float[][] x = new float[TRAIN_EXAMPLES + HELD_OUT][2];
        double[] y = new double[TRAIN_EXAMPLES + HELD_OUT];
        for (int i = 0; i < y.length; i++) {
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            y[i] = 3 * x[i][0] - 2 * x[i][1] + NOISE * random.nextGaussian();
        }
        double mean = IntStream.range(0, TRAIN_EXAMPLES).mapToDouble(i -> y[i]).average().orElseThrow();
        double std = Math.sqrt(IntStream.range(0, TRAIN_EXAMPLES).mapToDouble(i -> (y[i] - mean) * (y[i] - mean))
                .average().orElseThrow());
        float[][] target = new float[y.length][1];
        for (int i = 0; i < y.length; i++) {
            target[i][0] = (float) ((y[i] - mean) / std);
        }

        trainFiles = new ArrayList<>();
        for (int start = 0; start < TRAIN_EXAMPLES; start += BATCH) {
            File file = dir.resolve(String.format("batch-%06d.bin", start / BATCH)).toFile();
            slice(x, target, start, start + BATCH).save(file);
            trainFiles.add(file.toURI().toString());
        }
        heldOut = slice(x, target, TRAIN_EXAMPLES, y.length);
    }

    private static DataSet slice(float[][] x, float[][] target, int from, int to) {
        INDArray features = Nd4j.create(Arrays.copyOfRange(x, from, to)).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.create(Arrays.copyOfRange(target, from, to)).castTo(DataType.FLOAT);
        return new DataSet(features, labels);
    }

    @AfterEach
    void clearPhase() {
        Phases.leave(sc.sc());
    }

    private static MultiLayerNetwork newNetwork() {
        return RegressionNetworks.build(new NetworkSpec(List.of(16), "relu", 0.01, 0, 7), 2);
    }

    private static ParameterAveragingTrainer trainer(int epochs) {
        return new ParameterAveragingTrainer(sc, new TrainerSettings(epochs, 2, BATCH, 4, 0, true), SEED);
    }

    /** Records the phase local property of every Spark job, in the order the jobs start. */
    private static final class PhaseRecorder extends SparkListener {
        final List<String> phases = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            Properties properties = jobStart.properties();
            phases.add(properties == null ? null : properties.getProperty(Phases.PHASE_PROPERTY));
        }

        /** The phases with runs of the same phase collapsed to one entry. */
        List<String> runs() throws TimeoutException {
            // Listener events arrive asynchronously; wait until every job start has been delivered.
            sc.sc().listenerBus().waitUntilEmpty(30_000);
            List<String> runs = new ArrayList<>();
            synchronized (phases) {
                for (String phase : phases) {
                    if (runs.isEmpty() || !Objects.equals(runs.get(runs.size() - 1), phase)) {
                        runs.add(phase);
                    }
                }
            }
            return runs;
        }
    }

    private static double rSquared(MultiLayerNetwork network, DataSet examples) {
        INDArray predicted = network.output(examples.getFeatures(), false);
        INDArray actual = examples.getLabels();
        double mean = actual.meanNumber().doubleValue();
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < actual.rows(); i++) {
            double label = actual.getDouble(i, 0);
            sse += Math.pow(predicted.getDouble(i, 0) - label, 2);
            sst += Math.pow(label - mean, 2);
        }
        return 1 - sse / sst;
    }

    @Test
    void learnsALinearProblemReportingEachEpochAndTaggingItsJobs() throws TimeoutException {
        JavaRDD<String> paths = sc.parallelize(trainFiles, 2);
        List<EpochStats> reported = new ArrayList<>();
        PhaseRecorder recorder = new PhaseRecorder();
        assertThat(Phases.current(sc.sc())).isNull();

        DistributedTrainer.Result result;
        List<String> phaseRuns;
        sc.sc().addSparkListener(recorder);
        try {
            result = trainer(5).fit(newNetwork(), paths, TRAIN_EXAMPLES, (stats, network) -> {
                assertThat(network).isNotNull();
                reported.add(stats);
            });
            phaseRuns = recorder.runs();
        } finally {
            sc.sc().removeSparkListener(recorder);
        }

        assertThat(reported).extracting(EpochStats::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(result.epochs()).isEqualTo(reported);
        assertThat(reported).allSatisfy(stats -> {
            assertThat(stats.examples()).isEqualTo(TRAIN_EXAMPLES);
            assertThat(stats.seconds()).isPositive();
        });
        List<Double> losses = reported.stream().map(EpochStats::trainLoss).toList();
        // On a standardised target, predicting the mean scores an MSE of 1 and the noise alone
        // 0.25 / 13.25 = 0.019; 0.1 leaves room for the network's remaining error and the
        // round-to-round jitter of a loss measured on the last few minibatches only.
        assertThat(losses.get(4)).as("loss by epoch %s", losses).isLessThan(0.1).isLessThan(losses.get(0) / 3);
        assertThat(rSquared(result.network(), heldOut)).as("held-out R2").isGreaterThan(0.9);

        assertThat(phaseRuns).containsExactly("train/epoch-1", "train/epoch-2", "train/epoch-3", "train/epoch-4",
                "train/epoch-5");
        assertThat(Phases.current(sc.sc())).isNull();
    }

    @Test
    void restoresThePhaseTheCallerWasIn() {
        Phases.enter(sc.sc(), "outer");
        JavaRDD<String> paths = sc.parallelize(trainFiles.subList(0, 4), 2);
        List<String> phaseDuringEpoch = new ArrayList<>();

        trainer(1).fit(newNetwork(), paths, 4 * BATCH, (stats, network) -> phaseDuringEpoch.add(Phases.current(sc.sc())));

        assertThat(phaseDuringEpoch).containsExactly("train/epoch-1");
        assertThat(Phases.current(sc.sc())).isEqualTo("outer");
    }
}
