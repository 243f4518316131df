package io.greentrain.training.allreduce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.NeuralNetwork;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;

/**
 * What the allreduce engine needs of a DL4J network, for the two kinds it trains:
 * {@link MultiLayerNetwork} and {@link ComputationGraph}. Both are a {@link Model} (parameters,
 * gradient view, score, batch size) and a {@link NeuralNetwork} (fit, updater state); their
 * listeners and their restoring from bytes differ and are handled here.
 */
final class Networks {

    private Networks() {
    }

    /** Whether {@code network} is a {@link ComputationGraph} (else a {@link MultiLayerNetwork}). */
    static boolean isGraph(Model network) {
        if (network instanceof ComputationGraph) {
            return true;
        }
        if (network instanceof MultiLayerNetwork) {
            return false;
        }
        throw new IllegalArgumentException("the allreduce engine trains a MultiLayerNetwork or a ComputationGraph, not a "
                + network.getClass().getName());
    }

    /** The listeners {@code network} has now (never null). */
    static Collection<TrainingListener> listeners(Model network) {
        Collection<TrainingListener> listeners = isGraph(network)
                ? ((ComputationGraph) network).getListeners() : ((MultiLayerNetwork) network).getListeners();
        return listeners == null ? List.of() : listeners;
    }

    /** {@code network} in ModelSerializer's zip format, with its updater state. */
    static byte[] serialize(Model network) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelSerializer.writeModel(network, bytes, true);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the network", e);
        }
    }

    /** The network (with its updater state) that {@link #serialize} wrote, a graph when {@code graph}. */
    static Model restore(byte[] bytes, boolean graph) {
        try {
            return graph ? ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(bytes), true)
                    : ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(bytes), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the network", e);
        }
    }

    /** {@code network}'s configuration as DL4J's JSON: what {@link #fromConfiguration} builds a network from. */
    static String configurationJson(Model network) {
        return isGraph(network) ? ((ComputationGraph) network).getConfiguration().toJson()
                : ((MultiLayerNetwork) network).getLayerWiseConfigurations().toJson();
    }

    /**
     * A new, initialised network of the configuration {@link #configurationJson} wrote, a graph when
     * {@code graph}: its parameters are freshly initialised, for a {@link NetworkState} to replace.
     */
    static Model fromConfiguration(String json, boolean graph) {
        if (graph) {
            ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            network.init();
            return network;
        }
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        network.init();
        return network;
    }

    /** {@code network}'s iteration count (Adam's bias correction and schedules read it). */
    static int iterationCount(Model network) {
        return isGraph(network) ? ((ComputationGraph) network).getIterationCount()
                : ((MultiLayerNetwork) network).getIterationCount();
    }

    /** {@code network}'s epoch count (epoch-based schedules read it). */
    static int epochCount(Model network) {
        return isGraph(network) ? ((ComputationGraph) network).getEpochCount()
                : ((MultiLayerNetwork) network).getEpochCount();
    }

    /** Sets {@code network}'s iteration and epoch counts (kept in its configuration, for both kinds). */
    static void setCounts(Model network, int iterationCount, int epochCount) {
        if (isGraph(network)) {
            ComputationGraph graph = (ComputationGraph) network;
            graph.getConfiguration().setIterationCount(iterationCount);
            graph.getConfiguration().setEpochCount(epochCount);
        } else {
            MultiLayerNetwork multiLayer = (MultiLayerNetwork) network;
            multiLayer.setIterationCount(iterationCount);
            multiLayer.setEpochCount(epochCount);
        }
    }

    /** An independent copy of {@code network}: configuration, parameters and updater state. */
    @SuppressWarnings("unchecked")
    static <N extends Model> N copy(N network) {
        return (N) (isGraph(network) ? ((ComputationGraph) network).clone() : ((MultiLayerNetwork) network).clone());
    }
}
