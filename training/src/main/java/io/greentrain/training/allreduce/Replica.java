package io.greentrain.training.allreduce;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's copy of the network and the steps it takes in an epoch, in lock-step with the other
 * replicas through a {@link RingAllreduce}. Free of Spark: the trainer runs it inside a barrier
 * task, the tests on threads. The network is a {@code MultiLayerNetwork} or a {@code ComputationGraph}.
 *
 * <p>Every replica of a run must start from the same parameters and updater state and be told the
 * same number of {@code steps} per epoch; a replica with fewer minibatches than steps keeps in step
 * without counting (see {@link GradientAveraging}). Not thread-safe.
 */
public final class Replica<N extends Model & NeuralNetwork> {

    /**
     * What one replica did in an epoch.
     *
     * @param examples   examples it fitted that counted (repeats to stay in step excluded)
     * @param steps      minibatch steps that counted
     * @param lossSum    the sum of DL4J's score over those steps
     * @param bytesSent  bytes this replica sent to its ring neighbour
     * @param seconds    wall-clock seconds of the epoch's steps, their exchanges included
     * @param allreduceSeconds the part of {@code seconds} spent in the ring's sums: exchanging, and
     *                   waiting for a slower replica to reach the same sum
     */
    public record EpochOutcome(long examples, long steps, double lossSum, long bytesSent, double seconds,
                               double allreduceSeconds) {

        /** The part of {@link #seconds} spent outside the ring: the replica's own computation. */
        public double computeSeconds() {
            return seconds - allreduceSeconds;
        }
    }

    private final N network;

    /** A replica of {@code network}: a {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} or a
     * {@link org.deeplearning4j.nn.graph.ComputationGraph}. */
    public Replica(N network) {
        Networks.isGraph(network);
        this.network = network;
    }

    public N network() {
        return network;
    }

    /**
     * Fits {@code steps} steps of one epoch on {@code minibatches}, in order, averaging plainly in
     * {@link SyncMode#LOCAL_SGD}.
     *
     * @see #fitEpoch(List, int, RingAllreduce, SyncMode, int, OuterNesterov)
     */
    public EpochOutcome fitEpoch(List<DataSet> minibatches, int steps, RingAllreduce ring, SyncMode mode,
                                 int localSteps) {
        return fitEpoch(minibatches, steps, ring, mode, localSteps, null);
    }

    /**
     * Fits {@code steps} steps of one epoch on {@code minibatches}, in order.
     *
     * @param minibatches this replica's minibatches for the epoch; at least one
     * @param steps       the number of steps every replica takes this epoch: the largest minibatch
     *                    count of any replica
     * @param localSteps  for {@link SyncMode#LOCAL_SGD}, the steps between two averagings (the
     *                    epoch's end always averages); ignored for {@link SyncMode#GRADIENT}
     * @param outer       for {@link SyncMode#LOCAL_SGD}, DiLoCo's outer step applied to the averaged
     *                    parameters (its velocity carried on across calls); null for plain averaging
     */
    public EpochOutcome fitEpoch(List<DataSet> minibatches, int steps, RingAllreduce ring, SyncMode mode,
                                 int localSteps, OuterNesterov outer) {
        if (minibatches.isEmpty()) {
            throw new IllegalArgumentException("a replica needs at least one minibatch");
        }
        if (steps < minibatches.size()) {
            throw new IllegalArgumentException(steps + " steps cannot fit " + minibatches.size() + " minibatches");
        }
        long sentBefore = ring.bytesSent();
        double allreduceBefore = ring.secondsInSums();
        long start = System.nanoTime();
        long examples = 0;
        long counted = 0;
        double lossSum = 0;
        if (mode == SyncMode.GRADIENT) {
            Collection<TrainingListener> previous = Networks.listeners(network);
            GradientAveraging averaging = new GradientAveraging(ring);
            network.setListeners(averaging);
            try {
                for (int step = 0; step < steps; step++) {
                    boolean counts = step < minibatches.size();
                    DataSet minibatch = minibatches.get(step % minibatches.size());
                    averaging.countNextStep(counts);
                    network.fit(minibatch);
                    if (counts) {
                        examples += minibatch.numExamples();
                        counted++;
                        lossSum += network.score();
                    }
                }
            } finally {
                network.setListeners(previous);
            }
        } else {
            if (localSteps < 1) {
                throw new IllegalArgumentException("local steps must be at least 1, got " + localSteps);
            }
            float[] anchor = outer == null ? null : network.params().toFloatVector();
            for (int step = 0; step < steps; step++) {
                if (step < minibatches.size()) {
                    DataSet minibatch = minibatches.get(step);
                    network.fit(minibatch);
                    examples += minibatch.numExamples();
                    counted++;
                    lossSum += network.score();
                }
                if ((step + 1) % localSteps == 0 || step == steps - 1) {
                    averageParametersAndUpdaterState(network, ring);
                    if (outer != null) {
                        INDArray parameters = network.params();
                        anchor = outer.step(anchor, parameters.toFloatVector());
                        parameters.assign(Nd4j.createFromArray(anchor).castTo(parameters.dataType())
                                .reshape(parameters.shape()));
                    }
                }
            }
        }
        return new EpochOutcome(examples, counted, lossSum, ring.bytesSent() - sentBefore,
                (System.nanoTime() - start) / 1e9, ring.secondsInSums() - allreduceBefore);
    }

    /** Replaces the network's parameters and updater state by their mean over the ring. */
    static void averageParametersAndUpdaterState(Model network, RingAllreduce ring) {
        INDArray parameters = network.params();
        INDArray state = ((NeuralNetwork) network).updaterState();
        float[] parameterValues = parameters.toFloatVector();
        float[] stateValues = state == null ? new float[0] : state.toFloatVector();
        float[] values = Arrays.copyOf(parameterValues, parameterValues.length + stateValues.length);
        System.arraycopy(stateValues, 0, values, parameterValues.length, stateValues.length);
        ring.sum(values);
        float inverse = 1f / ring.size();
        for (int i = 0; i < values.length; i++) {
            values[i] *= inverse;
        }
        parameters.assign(Nd4j.createFromArray(Arrays.copyOf(values, parameterValues.length))
                .castTo(parameters.dataType()).reshape(parameters.shape()));
        if (state != null) {
            state.assign(Nd4j.createFromArray(Arrays.copyOfRange(values, parameterValues.length, values.length))
                    .castTo(state.dataType()).reshape(state.shape()));
        }
    }
}
