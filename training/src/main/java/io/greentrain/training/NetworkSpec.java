package io.greentrain.training;

import java.io.Serializable;
import java.util.List;

/**
 * The shape and optimiser of a feed-forward regression network: dense hidden layers, then one
 * linear output trained on mean squared error with Adam.
 *
 * @param hiddenLayers the width of each hidden layer, input side first
 * @param activation   the hidden layers' activation, a DL4J {@code Activation} name such as {@code relu}
 * @param learningRate Adam's learning rate
 * @param l2           L2 weight decay (0 for none)
 * @param seed         the seed for weight initialisation
 */
public record NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed)
        implements Serializable {

    public NetworkSpec {
        hiddenLayers = List.copyOf(hiddenLayers);
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
}
