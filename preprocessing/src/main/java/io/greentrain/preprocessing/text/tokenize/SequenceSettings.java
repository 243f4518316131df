package io.greentrain.preprocessing.text.tokenize;

import java.io.Serializable;

/**
 * How documents become training sequences.
 *
 * @param sequenceLength  tokens per sequence {@code L}: a sequence's input is {@code L} tokens of the
 *                        stream and its labels the {@code L} tokens that follow each of them
 * @param batchSize       sequences per minibatch file (the trainer's batch size per worker)
 * @param heldOutFraction the share of documents, chosen by a seeded hash of their id, held out
 *                        from training to measure perplexity
 * @param seed            seeds the held-out choice and the order of documents and sequences
 */
public record SequenceSettings(int sequenceLength, int batchSize, double heldOutFraction, long seed)
        implements Serializable {

    public SequenceSettings {
        if (sequenceLength < 1 || batchSize < 1) {
            throw new IllegalArgumentException("sequence length and batch size must be at least 1");
        }
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("the held-out fraction must lie strictly between 0 and 1, not "
                    + heldOutFraction);
        }
    }
}
