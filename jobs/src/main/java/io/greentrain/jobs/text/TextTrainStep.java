package io.greentrain.jobs.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.formats.CharVocabulary;
import io.greentrain.jobs.JobContext;
import io.greentrain.training.lm.CharLanguageModel;
import io.greentrain.training.lm.LmEpoch;
import io.greentrain.training.lm.LmResult;
import io.greentrain.training.lm.LmSettings;

/**
 * Text step 3: trains the character-level LSTM language model with parameter averaging on the
 * train sequences, measures held-out perplexity against a unigram baseline on the same tokens,
 * samples text from the model, and saves the model folder. The tokens and sequences fitted in each
 * epoch go into the carbon ledger as work, so that the ledger report gives energy per token.
 */
public final class TextTrainStep {

    private TextTrainStep() {
    }

    /**
     * Runs the step, reading the vocabulary and sequences from {@code in} and writing the model into
     * {@code out}; returns the {@code lm} section of the summary.
     */
    public static ObjectNode run(JobContext ctx, TextLayout in, TextLayout out) {
        LmSettings settings = ctx.config().lmSettings();
        CharVocabulary vocabulary = CharVocabulary.load(in.vocabulary(), ctx.hadoopConf());
        ctx.progress().report("text-train", "LSTM %d x %d, embedding %d, vocabulary %d; %d workers, %d epochs",
                settings.lstmLayers(), settings.lstmSize(), settings.embeddingSize(), vocabulary.size(),
                settings.trainer().workers(), settings.trainer().epochs());
        LmResult result = CharLanguageModel.train(ctx.spark(), settings, in.sequences(TextLayout.TRAIN),
                in.sequences(TextLayout.HELD_OUT), vocabulary);
        result.model().save(out.model(), ctx.hadoopConf());
        for (LmEpoch epoch : result.epochs()) {
            String phase = "train/epoch-" + epoch.epoch();
            EnergyPlugin.recordWork(ctx.spark().sparkContext(), phase, WorkRecord.TOKENS, epoch.tokens());
            EnergyPlugin.recordWork(ctx.spark().sparkContext(), phase, WorkRecord.SEQUENCES, epoch.sequences());
        }

        ObjectNode section = result.toJson();
        section.put("workers", settings.trainer().workers());
        section.put("parameters", result.model().network().numParams());
        ctx.progress().report("text-train", "held-out perplexity %.3f (unigram baseline %.3f), %.0f tokens/s",
                result.perplexity(), result.unigramPerplexity(), result.tokensPerSecond());
        return section;
    }
}
