package io.greentrain.training.lm;

import java.util.List;

/**
 * What {@link CharLanguageModel#train} did.
 *
 * @param model           the trained network and its vocabulary
 * @param epochs          one entry per epoch
 * @param trainSequences  sequences in the train split (one epoch's worth)
 * @param heldOut         final held-out cross-entropy of the model and of the unigram baseline
 * @param sample          text sampled from the trained model with the settings' sample settings
 */
public record LmResult(CharLanguageModel model, List<LmEpoch> epochs, long trainSequences, HeldOutScore heldOut,
                       String sample) {

    public LmResult {
        epochs = List.copyOf(epochs);
    }

    /** Held-out perplexity of the trained model. */
    public double perplexity() {
        return heldOut.perplexity();
    }

    /** Held-out perplexity of the unigram baseline (train frequencies, add-one smoothed). */
    public double unigramPerplexity() {
        return heldOut.unigramPerplexity();
    }

    /** Tokens predicted in training over all epochs, as counted on the workers. */
    public long trainingTokens() {
        return epochs.stream().mapToLong(LmEpoch::tokens).sum();
    }

    /** Seconds spent training over all epochs (evaluation excluded). */
    public double trainingSeconds() {
        return epochs.stream().mapToDouble(LmEpoch::seconds).sum();
    }

    /** Training tokens per second over all epochs. */
    public double tokensPerSecond() {
        double seconds = trainingSeconds();
        return seconds > 0 ? trainingTokens() / seconds : 0;
    }
}
