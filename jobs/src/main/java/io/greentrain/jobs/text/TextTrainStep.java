package io.greentrain.jobs.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.energy.EnergyPlugin;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.formats.CharVocabulary;
import io.greentrain.jobs.JobContext;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.Step;
import io.greentrain.jobs.JobRunner;
import io.greentrain.jobs.TrainingOutcome;
import io.greentrain.training.allreduce.EpochCheckpoints;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.training.stop.EpochCosts;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.MonitorCheckpoints;
import io.greentrain.training.stop.TrainingMonitor;
import io.greentrain.training.lm.CharLanguageModel;
import io.greentrain.training.lm.LmEpoch;
import io.greentrain.training.lm.LmResult;
import io.greentrain.training.lm.LmSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Text step 3: trains the character-level LSTM language model data-parallel (greentrain.train.engine) on the
 * train sequences, measures held-out perplexity against a unigram baseline on the same tokens,
 * samples text from the model, and saves the model folder. The tokens and sequences fitted in each
 * epoch go into the carbon ledger as work, so that the ledger report gives energy per token.
 */
public final class TextTrainStep implements Step {

    @Override
    public String name() {
        return "text-train";
    }

    @Override
    public String description() {
        return "text corpus: train the character language model, held-out perplexity, sampled text";
    }

    @Override
    public List<String> outputs() {
        return List.of("lm");
    }

    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.lm"), KeyGroup.section("greentrain.train"));
    }

    @Override
    public void validate(JobConfig config) {
        stopSettings(config);
    }

    /**
     * The stop settings for the language model: held-out perplexity is watched; the target names
     * perplexity; stopping on a plateau or the target needs a perplexity after every epoch.
     *
     * @throws IllegalArgumentException when a setting cannot apply, naming the key
     */
    static StopSettings stopSettings(JobConfig config) {
        StopSettings stop = config.stopSettings(CharLanguageModel.MONITORED, false);
        if (stop.target() != null && !stop.target().metric().equals(CharLanguageModel.MONITORED)) {
            throw new IllegalArgumentException("greentrain.train.target: the language model reports perplexity, not "
                    + stop.target().metric());
        }
        boolean needsEachEpoch = stop.patience() > 0 || stop.stopOnTarget() || stop.target() != null;
        if (needsEachEpoch && !config.lmSettings().evaluateEachEpoch()) {
            throw new IllegalArgumentException("greentrain.train.target and greentrain.train.stop.patience need a "
                    + "held-out perplexity after every epoch: set greentrain.lm.evaluate-each-epoch = true");
        }
        return stop;
    }

    @Override
    public List<String> summarySections() {
        return List.of("lm");
    }

    @Override
    public Optional<String> workSection() {
        return Optional.of("lm");
    }

    /**
     * Runs the step, reading the vocabulary and sequences from the run's folder and writing the
     * model into {@code staging}; returns the {@code lm} section of the summary.
     */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout staging, String input) {
        TextLayout in = new TextLayout(ctx.layout().outputDir());
        TextLayout out = new TextLayout(staging.outputDir());
        LmSettings settings = ctx.config().lmSettings();
        CharVocabulary vocabulary = CharVocabulary.load(in.vocabulary(), ctx.hadoopConf());
        ctx.progress().report("text-train", "LSTM %d x %d, embedding %d, vocabulary %d; %d workers, %d epochs",
                settings.lstmLayers(), settings.lstmSize(), settings.embeddingSize(), vocabulary.size(),
                settings.trainer().workers(), settings.trainer().epochs());
        StopSettings stop = stopSettings(ctx.config());
        EpochCosts costs = TrainingOutcome.costs(ctx.spark().sparkContext(), stop);
        LmResult result = CharLanguageModel.train(ctx.spark(), settings, ctx.config().trainingEngine(),
                in.sequences(TextLayout.TRAIN), in.sequences(TextLayout.HELD_OUT), vocabulary,
                validation -> new TrainingMonitor(stop, settings.trainer().epochs(),
                        ctx.config().forecastAfterEpochs(), validation, costs,
                        line -> ctx.progress().report("text-train", "%s", line))
                        .persistingTo(new MonitorCheckpoints(ctx.layout().checkpoints(name()) + "/monitor",
                                ctx.hadoopConf())),
                new EpochCheckpoints(ctx.layout().checkpoints(name()),
                        input + " " + JobRunner.configHash(this, ctx.config()), ctx.hadoopConf()));
        result.model().save(out.model(), ctx.hadoopConf());
        for (LmEpoch epoch : result.epochs()) {
            String phase = "train/epoch-" + epoch.epoch();
            EnergyPlugin.recordWork(ctx.spark().sparkContext(), phase, WorkRecord.TOKENS, epoch.tokens());
            EnergyPlugin.recordWork(ctx.spark().sparkContext(), phase, WorkRecord.SEQUENCES, epoch.sequences());
        }

        ObjectNode section = result.toJson();
        TrainingOutcome.record(ctx.spark().sparkContext(), result.monitor(), settings.trainer().epochs(), section);
        section.put("workers", settings.trainer().workers());
        // A resumed run's epochs and history are the ones it trained; the earlier ones are in the checkpoint's run.
        if (result.monitor().resumedEpochs() > 0) {
            section.put("resumedFromEpoch", result.monitor().resumedEpochs() + 1);
        } else {
            section.putNull("resumedFromEpoch");
        }
        section.put("parameters", result.model().network().numParams());
        ctx.progress().report("text-train", "held-out perplexity %.3f (unigram baseline %.3f), %.0f tokens/s",
                result.perplexity(), result.unigramPerplexity(), result.tokensPerSecond());
        ObjectNode sections = JsonFiles.newObject();
        sections.set("lm", section);
        return sections;
    }

    /** The {@code lm} line and the sampled text. */
    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode lm = summary.path("lm");
        if (!lm.isMissingNode()) {
            out.printf(Locale.ROOT, "  lm        %d epochs, %d workers, final loss %.4f nats/char, held-out perplexity %.3f "
                            + "(unigram %.3f), %.0f tokens/s%n", lm.path("epochs").asInt(), lm.path("workers").asInt(),
                    lm.path("finalTrainLoss").asDouble(), lm.path("perplexity").asDouble(),
                    lm.path("unigramPerplexity").asDouble(), lm.path("tokensPerSecond").asDouble());
            TrainingOutcome.print(lm, out);
            out.printf("  sample    %s%n", lm.path("sample").asText().replace("\n", "\n            "));
        }
    }
}
