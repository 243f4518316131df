package io.greentrain.training;

import java.io.Serializable;
import java.util.List;

/**
 * The shape and optimiser of a feed-forward regression network: dense hidden layers, then one
 * linear output trained on mean squared error.
 *
 * @param hiddenLayers the width of each hidden layer, input side first
 * @param activation   the hidden layers' activation, a DL4J {@code Activation} name such as {@code relu}
 * @param learningRate the optimiser's (first) learning rate
 * @param l2           L2 weight decay (0 for none)
 * @param seed         the seed for weight initialisation
 * @param optimizer    the optimiser and its learning-rate schedule
 */
public record NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed,
                          OptimizerSpec optimizer) implements Serializable {

    /** A network trained with Adam at a constant rate. */
    public NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed) {
        this(hiddenLayers, activation, learningRate, l2, seed, OptimizerSpec.ADAM_CONSTANT);
    }

    public NetworkSpec {
        hiddenLayers = List.copyOf(hiddenLayers);
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        if (hiddenLayers.isEmpty() || hiddenLayers.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("hidden layers must be a non-empty list of positive widths");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive");
        }
        if (l2 < 0) {
            throw new IllegalArgumentException("l2 must not be negative");
        }
    }

    /** The same network with another optimiser. */
    public NetworkSpec withOptimizer(OptimizerSpec other) {
        return new NetworkSpec(hiddenLayers, activation, learningRate, l2, seed, other);
    }

    /** The same optimiser and seed with other hidden layers. */
    public NetworkSpec withHiddenLayers(List<Integer> other) {
        return new NetworkSpec(other, activation, learningRate, l2, seed, optimizer);
    }
}
