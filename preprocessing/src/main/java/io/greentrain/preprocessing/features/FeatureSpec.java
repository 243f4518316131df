package io.greentrain.preprocessing.features;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Which cleaned columns become model features, and how.
 *
 * @param label          the column to predict (numeric)
 * @param labelTransform how the label is transformed for training
 * @param numeric        numeric feature columns, standardised with statistics of the train split
 * @param categorical    string feature columns, one-hot encoded with categories of the train split
 * @param log1p          numeric feature columns replaced by {@code log(1 + x)} before scaling
 *                       (a subset of {@code numeric}; values must be greater than -1)
 * @param split          the train/validation/test split
 * @param minibatchSize  the number of examples in each DL4J minibatch file
 */
public record FeatureSpec(String label, LabelTransformKind labelTransform, List<String> numeric,
                          List<String> categorical, List<String> log1p, SplitSpec split, int minibatchSize)
        implements Serializable {

    public FeatureSpec {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(labelTransform, "labelTransform");
        Objects.requireNonNull(split, "split");
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        log1p = List.copyOf(log1p);
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw new IllegalArgumentException("at least one feature column is needed");
        }
        if (!numeric.containsAll(log1p)) {
            throw new IllegalArgumentException("log1p columns must be numeric feature columns: " + log1p);
        }
        if (numeric.contains(label) || categorical.contains(label)) {
            throw new IllegalArgumentException("the label '" + label + "' cannot also be a feature");
        }
        if (minibatchSize < 1) {
            throw new IllegalArgumentException("minibatch size must be at least 1");
        }
    }
}
