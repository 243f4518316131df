package io.greentrain.training.lm;

import io.greentrain.formats.CharVocabulary;
import java.io.Serializable;

/**
 * The baseline a language model must beat: every token drawn independently with its frequency in
 * the training labels, add-one (Laplace) smoothed over the ids a label can take (every id but
 * {@link CharVocabulary#PADDING}), so that a token never seen in training still gets a probability.
 */
public final class UnigramModel implements Serializable {

    private final double[] logProbabilities;

    /**
     * @param labelCounts how often each id occurs among the training labels, indexed by id
     */
    public UnigramModel(long[] labelCounts) {
        if (labelCounts.length <= CharVocabulary.RESERVED) {
            throw new IllegalArgumentException("counts for at least one character id are needed");
        }
        long total = 0;
        for (int id = 0; id < labelCounts.length; id++) {
            if (labelCounts[id] < 0) {
                throw new IllegalArgumentException("count of id " + id + " is negative");
            }
            if (id != CharVocabulary.PADDING) {
                total += labelCounts[id];
            }
        }
        double denominator = total + (labelCounts.length - 1);
        logProbabilities = new double[labelCounts.length];
        for (int id = 0; id < labelCounts.length; id++) {
            logProbabilities[id] = id == CharVocabulary.PADDING
                    ? Double.NEGATIVE_INFINITY
                    : Math.log((labelCounts[id] + 1) / denominator);
        }
    }

    /** The natural log of the probability of {@code id}. */
    public double logProbability(int id) {
        return logProbabilities[id];
    }

    /** Ids the model covers. */
    public int size() {
        return logProbabilities.length;
    }
}
