package io.greentrain.training.lm;

import io.greentrain.formats.CharVocabulary;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Generates text from a character language model, one character at a time, carrying the LSTM
 * state forward ({@link MultiLayerNetwork#rnnTimeStep}). Only character ids are drawn (the
 * model's distribution renormalised over them), so the text holds only vocabulary characters and
 * exactly the requested number of code points. Runs on the calling thread; it resets and then
 * changes the network's recurrent state, so do not share the network with other threads meanwhile.
 */
public final class TextSampler {

    private TextSampler() {
    }

    /** The {@code settings.length()} characters the model writes after a document boundary and the prompt. */
    public static String sample(MultiLayerNetwork network, CharVocabulary vocabulary, SampleSettings settings) {
        if (vocabulary.characterCount() == 0) {
            throw new IllegalArgumentException("the vocabulary holds no characters to sample");
        }
        int[] prompt = vocabulary.encode(settings.prompt());
        float[] context = new float[prompt.length + 1];
        context[0] = CharVocabulary.BOUNDARY;
        for (int i = 0; i < prompt.length; i++) {
            context[i + 1] = prompt[i];
        }
        Random random = new Random(settings.seed());
        StringBuilder text = new StringBuilder();
        network.rnnClearPreviousState();
        try {
            INDArray output = network.rnnTimeStep(Nd4j.create(context, new long[] {1, 1, context.length}, 'c'));
            for (int generated = 0; generated < settings.length(); generated++) {
                int id = draw(output, output.size(2) - 1, vocabulary, settings.temperature(), random);
                text.appendCodePoint(vocabulary.codePointOf(id));
                if (generated + 1 < settings.length()) {
                    INDArray next = Nd4j.create(DataType.FLOAT, 1, 1, 1);
                    next.putScalar(new long[] {0, 0, 0}, id);
                    output = network.rnnTimeStep(next);
                }
            }
        } finally {
            network.rnnClearPreviousState();
        }
        return text.toString();
    }

    /** Draws a character id from the softmax output {@code [1, V, T]} at step {@code step}. */
    static int draw(INDArray output, long step, CharVocabulary vocabulary, double temperature, Random random) {
        int first = CharVocabulary.RESERVED;
        int size = vocabulary.size();
        double[] logits = new double[size - first];
        double max = Double.NEGATIVE_INFINITY;
        int best = first;
        for (int id = first; id < size; id++) {
            double logP = Math.log(Math.max(output.getDouble(0, id, step), HeldOutEvaluator.MIN_PROBABILITY));
            logits[id - first] = logP;
            if (logP > max) {
                max = logP;
                best = id;
            }
        }
        if (temperature == 0) {
            return best;
        }
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Math.exp((logits[i] - max) / temperature);
            total += logits[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < logits.length; i++) {
            u -= logits[i];
            if (u < 0) {
                return first + i;
            }
        }
        return size - 1;
    }
}
