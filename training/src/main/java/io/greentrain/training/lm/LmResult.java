package io.greentrain.training.lm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.training.stop.TrainingMonitor;
import java.util.List;

/**
 * What {@link CharLanguageModel#train} did.
 *
 * @param model           the trained network and its vocabulary
 * @param epochs          one entry per epoch
 * @param trainSequences  sequences in the train split (one epoch's worth)
 * @param heldOut         final held-out cross-entropy of the model and of the unigram baseline
 * @param sample          text sampled from the trained model with the settings' sample settings
 * @param monitor         what the training monitor learnt: the kept epoch, why training stopped,
 *                        the target and the forecast
 */
public record LmResult(CharLanguageModel model, List<LmEpoch> epochs, long trainSequences, HeldOutScore heldOut,
                       String sample, TrainingMonitor monitor) {

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

    /**
     * The figures as JSON, the same in the model's {@code metadata.json} and the jobs' summary:
     * {@code epochs} (count), {@code trainSequences}, {@code examplesTrained} (sequences fitted),
     * {@code tokensTrained}, {@code seconds}, {@code tokensPerSecond}, {@code finalTrainLoss} (nats per
     * token), {@code perplexity}, {@code unigramPerplexity}, {@code bitsPerCharacter},
     * {@code heldOutTokens}, {@code sample}, and {@code history}: per epoch {@code epoch},
     * {@code trainLoss}, {@code seconds}, {@code sequences}, {@code tokens}, {@code tokensPerSecond} and,
     * when measured, {@code perplexity}.
     */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("epochs", epochs.size());
        node.put("trainSequences", trainSequences);
        node.put("examplesTrained", epochs.stream().mapToLong(LmEpoch::sequences).sum());
        node.put("tokensTrained", trainingTokens());
        node.put("seconds", trainingSeconds());
        node.put("tokensPerSecond", tokensPerSecond());
        node.put("finalTrainLoss", epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).trainLossPerToken());
        node.put("perplexity", perplexity());
        node.put("unigramPerplexity", unigramPerplexity());
        node.put("bitsPerCharacter", heldOut.bitsPerToken());
        node.put("heldOutTokens", heldOut.tokens());
        node.put("sample", sample);
        ArrayNode history = node.putArray("history");
        for (LmEpoch epoch : epochs) {
            ObjectNode e = history.addObject();
            e.put("epoch", epoch.epoch());
            e.put("trainLoss", epoch.trainLossPerToken());
            e.put("seconds", epoch.seconds());
            e.put("sequences", epoch.sequences());
            e.put("tokens", epoch.tokens());
            e.put("tokensPerSecond", epoch.tokensPerSecond());
            if (!Double.isNaN(epoch.heldOutPerplexity())) {
                e.put("perplexity", epoch.heldOutPerplexity());
            }
        }
        return node;
    }
}
