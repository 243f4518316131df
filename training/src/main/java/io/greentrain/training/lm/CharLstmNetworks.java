package io.greentrain.training.lm;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * Builds the character-level language model: token ids -> embedding -> stacked LSTMs -> softmax
 * over the vocabulary at every time step, trained on sparse cross-entropy.
 *
 * <p>Input and labels are token ids shaped {@code [batch, 1, length]} (as the sequence files hold
 * them); the output is {@code [batch, vocabularySize, length]}. Every layer is pinned to the
 * channels-first {@link RNNFormat#NCW} layout: DL4J 1.0.0-M2 otherwise infers a channels-last
 * format for the output layer behind an embedding and rejects the labels' shape in backprop. The
 * embedding infers its input length, so the same network reads training sequences and one
 * character at a time when sampling.
 */
public final class CharLstmNetworks {

    private CharLstmNetworks() {
    }

    /** A new, initialised network for {@code vocabularySize} ids; the same settings give the same weights. */
    public static MultiLayerNetwork build(LmSettings settings, int vocabularySize) {
        if (vocabularySize < 2) {
            throw new IllegalArgumentException("a vocabulary of " + vocabularySize + " ids cannot be modelled");
        }
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(new Adam(settings.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                .gradientNormalizationThreshold(settings.gradientClip())
                .list()
                .layer(new EmbeddingSequenceLayer.Builder()
                        .nIn(vocabularySize).nOut(settings.embeddingSize())
                        .inferInputLength(true)
                        .outputDataFormat(RNNFormat.NCW)
                        .activation(Activation.IDENTITY)
                        .build());
        int previous = settings.embeddingSize();
        for (int i = 0; i < settings.lstmLayers(); i++) {
            layers.layer(new LSTM.Builder().nIn(previous).nOut(settings.lstmSize())
                    .activation(Activation.TANH).dataFormat(RNNFormat.NCW).build());
            previous = settings.lstmSize();
        }
        layers.layer(new RnnOutputLayer.Builder(new LossSparseMCXENT())
                .nIn(previous).nOut(vocabularySize)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build());
        MultiLayerConfiguration configuration = layers.build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }
}
