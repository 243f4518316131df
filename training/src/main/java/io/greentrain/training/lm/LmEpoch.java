package io.greentrain.training.lm;

/**
 * One training epoch of the language model.
 *
 * @param epoch              1-based epoch number
 * @param trainLossPerToken  the workers' mean cross-entropy per predicted token, in nats, over the
 *                           minibatches of the epoch's last averaging round (DL4J's score divided by
 *                           the sequence length)
 * @param seconds            wall-clock seconds of the epoch's training (evaluation excluded)
 * @param sequences          training sequences fitted, as counted on the workers
 * @param tokens             tokens predicted in training: {@code sequences * sequenceLength}
 * @param heldOutPerplexity  held-out perplexity after the epoch, or NaN when not measured
 */
public record LmEpoch(int epoch, double trainLossPerToken, double seconds, long sequences, long tokens,
                      double heldOutPerplexity) {

    /** Training tokens per second of wall-clock time. */
    public double tokensPerSecond() {
        return seconds > 0 ? tokens / seconds : 0;
    }
}
