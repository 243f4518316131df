package io.greentrain.preprocessing.features;

import java.io.Serializable;

/**
 * The map between a label in its own units (dollars, say) and the standardised target a network
 * trains on: {@code target = (t(label) - mean) / std}, where {@code t} is the identity or the
 * natural log and {@code mean}/{@code std} are fitted on the train split. {@link #decode} inverts
 * it, so every metric can be reported in the label's own units.
 *
 * @param kind the transform {@code t}
 * @param mean the mean of {@code t(label)} over the train split
 * @param std  the (population) standard deviation of {@code t(label)} over the train split; 1 when it is 0
 */
public record LabelTransform(LabelTransformKind kind, double mean, double std) implements Serializable {

    public LabelTransform {
        if (!(std > 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("label statistics must be finite with std > 0, got mean "
                    + mean + ", std " + std);
        }
    }

    /** {@code t(label)} alone, before standardising. */
    public double transform(double label) {
        return kind == LabelTransformKind.LOG ? Math.log(label) : label;
    }

    /** The training target for a label. */
    public double encode(double label) {
        return (transform(label) - mean) / std;
    }

    /** The label, in its own units, that a network output stands for. */
    public double decode(double target) {
        double transformed = target * std + mean;
        return kind == LabelTransformKind.LOG ? Math.exp(transformed) : transformed;
    }
}
