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
 * @param dataType     the numeric precision of parameters and activations, one of {@link #DATA_TYPES}
 *                     ({@code float}, {@code half}, {@code bfloat16}), the ND4J data type of that name
 */
public record NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed,
                          OptimizerSpec optimizer, String dataType) implements Serializable {

    /** The precisions a network may compute in: ND4J data types, lower case. */
    public static final List<String> DATA_TYPES = List.of("float", "half", "bfloat16");

    /** A network computing in single precision ({@code float}). */
    public NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed,
                       OptimizerSpec optimizer) {
        this(hiddenLayers, activation, learningRate, l2, seed, optimizer, "float");
    }

    /** A network trained with Adam at a constant rate. */
    public NetworkSpec(List<Integer> hiddenLayers, String activation, double learningRate, double l2, long seed) {
        this(hiddenLayers, activation, learningRate, l2, seed, OptimizerSpec.ADAM_CONSTANT);
    }

    public NetworkSpec {
        hiddenLayers = List.copyOf(hiddenLayers);
        java.util.Objects.requireNonNull(optimizer, "optimizer");
        if (!DATA_TYPES.contains(dataType)) {
            throw new IllegalArgumentException("data type must be one of " + DATA_TYPES + ", not " + dataType);
        }
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
        return new NetworkSpec(hiddenLayers, activation, learningRate, l2, seed, other, dataType);
    }

    /** The same optimiser and seed with other hidden layers. */
    public NetworkSpec withHiddenLayers(List<Integer> other) {
        return new NetworkSpec(other, activation, learningRate, l2, seed, optimizer, dataType);
    }

    /** The same network computing in another precision, one of {@link #DATA_TYPES}. */
    public NetworkSpec withDataType(String other) {
        return new NetworkSpec(hiddenLayers, activation, learningRate, l2, seed, optimizer, other);
    }

    /** {@link #dataType} as ND4J's data type. */
    public org.nd4j.linalg.api.buffer.DataType nd4jDataType() {
        return org.nd4j.linalg.api.buffer.DataType.valueOf(dataType.toUpperCase(java.util.Locale.ROOT));
    }
}
