package io.greentrain.training.lm;

/**
 * Cross-entropy of a model and of the unigram baseline, summed over the same predicted tokens.
 *
 * @param tokens       tokens predicted (every label of every held-out sequence)
 * @param modelNats    the language model's summed {@code -ln p(token)}
 * @param unigramNats  the unigram baseline's summed {@code -ln p(token)}
 */
public record HeldOutScore(long tokens, double modelNats, double unigramNats) {

    /** Mean cross-entropy per token, in nats. */
    public double crossEntropy() {
        return modelNats / tokens;
    }

    /** {@code exp(mean cross-entropy per token)}: the model's perplexity. */
    public double perplexity() {
        return Math.exp(crossEntropy());
    }

    /** The unigram baseline's perplexity on the same tokens. */
    public double unigramPerplexity() {
        return Math.exp(unigramNats / tokens);
    }

    /** Mean cross-entropy per token in bits (bits per character). */
    public double bitsPerToken() {
        return crossEntropy() / Math.log(2);
    }
}
