package io.greentrain.training.lm;

import io.greentrain.training.TrainerSettings;
import java.io.Serializable;

/**
 * The character-level LSTM language model and how it is trained.
 *
 * @param embeddingSize      width of each character's learned embedding
 * @param lstmLayers         stacked LSTM layers
 * @param lstmSize           units of each LSTM layer
 * @param learningRate       Adam's learning rate
 * @param gradientClip       each gradient element is clipped to {@code [-gradientClip, gradientClip]}
 *                           (LSTMs otherwise blow up now and then)
 * @param seed               seeds the initial weights and the trainer
 * @param trainer            parameter averaging: epochs, workers, batch size per worker (must equal
 *                           the sequence files' batch size), averaging frequency
 * @param evaluateEachEpoch  whether held-out perplexity is measured after every epoch as well as at
 *                           the end (one forward pass over the held-out sequences each time)
 * @param sample             the text sampled from the trained model
 */
public record LmSettings(int embeddingSize, int lstmLayers, int lstmSize, double learningRate, double gradientClip,
                         long seed, TrainerSettings trainer, boolean evaluateEachEpoch, SampleSettings sample)
        implements Serializable {

    public LmSettings {
        if (embeddingSize < 1 || lstmLayers < 1 || lstmSize < 1) {
            throw new IllegalArgumentException("embedding size, LSTM layers and LSTM size must be at least 1");
        }
        if (!(learningRate > 0) || !(gradientClip > 0)) {
            throw new IllegalArgumentException("learning rate and gradient clip must be positive");
        }
        if (trainer == null || sample == null) {
            throw new IllegalArgumentException("trainer and sample settings are required");
        }
    }
}
