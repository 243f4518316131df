package io.greentrain.training.lm;

import java.io.Serializable;

/**
 * How {@link TextSampler} generates text.
 *
 * @param prompt      the text the model continues (may be empty); read after a document boundary
 * @param length      characters to generate
 * @param temperature divides the model's log-probabilities before sampling: below 1 sharper,
 *                    above 1 flatter; 0 always takes the most probable character
 * @param seed        seeds the sampling, so the same model and settings give the same text
 */
public record SampleSettings(String prompt, int length, double temperature, long seed) implements Serializable {

    public SampleSettings {
        if (prompt == null) {
            throw new IllegalArgumentException("the prompt must not be null (use an empty one)");
        }
        if (length < 0) {
            throw new IllegalArgumentException("the sample length must not be negative");
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the sampling temperature must be 0 or positive, not " + temperature);
        }
    }
}
