package io.greentrain.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.training.LabelDecoder;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.NetworkPredictor;
import io.greentrain.training.RegressionMetrics;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.levers.CompressionTask;
import io.greentrain.training.levers.MinibatchRebatching;
import io.greentrain.training.levers.ParetoFront;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.text.TextLayout;
import io.greentrain.jobs.text.TextTrainStep;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code greentrain levers --config CONF --grid GRID --output DIR}: trains the prepared data of a run
 * folder (a finished {@code convert}) under each setting of a grid, one after another in one Spark
 * application, and compares them on energy-to-accuracy: per setting the validation accuracy of its
 * kept model, the time, energy and gCO2e to the target ({@code greentrain.train.target}) and in all,
 * parameters and training FLOPs; the Pareto front of energy against accuracy is marked and the
 * cheapest setting that reaches the target recommended. Writes {@code DIR/levers/summary.json},
 * {@code DIR/levers/table.md} and each setting's model under {@code DIR/levers/NAME/model}.
 *
 * <p>Besides any training key, a setting may set the levers the training step alone does not have:
 * {@code greentrain.train.batch-size-per-worker} other than the convert's (the training minibatches
 * are re-batched in memory into {@code DIR/levers/NAME/minibatches/train}), {@code
 * greentrain.model.data-type} ({@code half}, {@code bfloat16}), and model compression after training:
 * {@code greentrain.levers.prune.sparsity} (global magnitude pruning, then
 * {@code greentrain.levers.prune.fine-tune-epochs} of fine-tuning) and {@code greentrain.levers.quantize
 * = int8}; the compressed network ({@code DIR/levers/NAME/model-compressed}) is the one evaluated, the
 * accuracy change and sparsity reached are recorded, and its cost joins the setting's. Every setting's
 * delivered network is then run over the validation rows in its own phase {@code inference/NAME} for
 * its predictions per joule. A setting that fails (a precision the backend refuses, a network that
 * diverges) gets a row with a {@code failed} line and the others go on; the job fails only when all do.
 *
 * <p>On a finished {@code text-pipeline} folder (its vocabulary and sequences) the settings train the
 * character language model instead ({@code greentrain.lm.*} and the training keys), compared on held-out
 * perplexity (a target such as {@code "perplexity <= 5"}); the levers that belong to the tabular network
 * (batch re-batching, precision, pruning and quantisation, inference on the validation rows) do not apply
 * to it, and a setting that asks for one gets a row that says so.
 *
 * <p>The first setting is the baseline that the others are compared with, and in one JVM it would also carry
 * the JIT compiler's warm-up of every code path the settings share (its first epochs run slower and cost more
 * than the same epochs later). With {@code --warm-up} the job first trains the first setting once more, in full
 * (training, compression, inference), under {@code DIR/levers-warm-up}, and leaves that run out of the
 * comparison: {@code summary.json}'s {@code warmUp} says what it cost, and no row, front or ratio uses it.
 *
 * <p>The grid is a HOCON file: {@code levers = [ { name = default }, { name = adamw-cosine, set {
 * greentrain.model.optimizer = adamw, greentrain.model.lr-schedule = cosine } }, ... ]}; each
 * {@code set} overrides keys of the job configuration (after {@code --config} and {@code --set}).
 * Each setting's epochs run as the phases {@code train/epoch-N}, as any training does, so the ledger
 * adds the settings' energy up per epoch number; the comparison takes each setting's own share.
 */
final class LeversCommand {

    private static final Logger LOG = LoggerFactory.getLogger(LeversCommand.class);

    static final String USAGE = String.join("\n",
            "usage: greentrain levers --config PATH --grid GRID --output DIR [--warm-up] [--set KEY=VALUE]...",
            "  DIR holds a finished convert (run pipeline, or clean + convert, first) or a finished text-pipeline;",
            "  GRID lists the settings:",
            "  levers = [ { name = default }, { name = adamw, set { greentrain.model.optimizer = adamw } } ]",
            "  --warm-up: first train the first setting once, unreported, so that the JVM's warm-up is not in its row");

    /** Where the unreported warm-up run of the first setting ({@code --warm-up}) writes its model, under DIR. */
    static final String WARM_UP_FOLDER = "levers-warm-up";

    /** One setting of the grid: its name and its overrides as {@code key=value} HOCON strings. */
    record Setting(String name, List<String> overrides) {
    }

    private LeversCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        String grid = null;
        boolean warmUp = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--grid") && i + 1 < args.length) {
                grid = args[++i];
            } else if (args[i].equals("--warm-up")) {
                warmUp = true;
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return JobRunner.OK;
            } else {
                rest.add(args[i]);
            }
        }
        JobArguments arguments;
        List<Setting> settings;
        List<JobConfig> configs = new ArrayList<>();
        try {
            arguments = JobArguments.parse(rest.toArray(new String[0]));
            if (grid == null) {
                throw new UsageException("levers needs --grid GRID");
            }
            settings = readGrid(grid);
            Boolean languageModel = null;
            for (Setting setting : settings) {
                List<String> overrides = new ArrayList<>(arguments.allOverrides());
                overrides.addAll(setting.overrides());
                JobConfig config;
                try {
                    config = JobConfig.load(arguments.configPath().orElse(null), overrides, new Configuration());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--grid " + grid + ", setting " + setting.name() + ": "
                            + e.getMessage());
                }
                if (languageModel == null) {
                    languageModel = isTextRun(config.outputDir());
                }
                (languageModel ? new TextTrainStep() : new TrainStep()).validate(config);
                configs.add(config);
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return JobRunner.BAD_USAGE;
        } catch (IllegalArgumentException | io.greentrain.jobs.config.ConfigException e) {
            err.println("error: " + e.getMessage());
            return JobRunner.BAD_USAGE;
        }
        RunLayout layout = new RunLayout(configs.get(0).outputDir());
        try {
            JobRunner.checkEnergyConfiguration(layout);
            SparkSession spark = JobRunner.session("greentrain levers", layout);
            ObjectNode summary = compare(spark, layout, settings, configs, warmUp, new Progress(out));
            out.print(table(summary));
            boolean anyRan = false;
            for (JsonNode row : summary.path("settings")) {
                anyRan |= !row.has("failed");
            }
            if (!anyRan) {
                err.println("error: levers: every setting failed (see the table and " + layout.outputDir()
                        + "/levers/summary.json)");
                return JobRunner.FAILED;
            }
            return JobRunner.OK;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return JobRunner.BAD_USAGE;
        }
    }

    /**
     * Trains every setting (after an unreported warm-up run of the first when {@code warmUp}) and writes the
     * comparison; returns {@code levers/summary.json}'s content.
     */
    static ObjectNode compare(SparkSession spark, RunLayout layout, List<Setting> settings, List<JobConfig> configs,
                              boolean warmUp, Progress progress) {
        if (!isTextRun(layout.outputDir()) && io.greentrain.formats.MinibatchFolder.list(
                layout.minibatches(FeatureConverter.TRAIN), spark.sparkContext().hadoopConfiguration()).isEmpty()) {
            throw new IllegalArgumentException("no training minibatch files in " + layout.outputDir()
                    + ": run pipeline, or clean and convert (text-pipeline for the language model), with this --output first");
        }
        ObjectNode summary = JsonFiles.newObject();
        if (warmUp) {
            summary.set("warmUp", warmUp(spark, layout, settings.get(0), configs.get(0), progress));
        }
        ArrayNode rows = summary.putArray("settings");
        for (int i = 0; i < settings.size(); i++) {
            Setting setting = settings.get(i);
            JobConfig config = configs.get(i);
            progress.report("levers", "setting %d/%d: %s %s", i + 1, settings.size(), setting.name(),
                    setting.overrides());
            JobContext ctx = new JobContext(spark, config, layout, progress);
            RunLayout own = new RunLayout(layout.outputDir() + "/levers/" + setting.name());
            ObjectNode row;
            try {
                row = runSetting(ctx, own, setting);
            } catch (Exception e) {
                // One setting the backend cannot run (a precision DL4J refuses, an op without a half kernel) must not
                // cost the comparison of the others: it gets a row that says why, and the trace goes to the log.
                String line = JobFailure.of("levers", Optional.empty(), e).line();
                LOG.warn(line, e);
                progress.report("levers", "setting %s failed: %s", setting.name(), line);
                row = failedRow(setting, line);
            }
            rows.add(row);
        }
        markFrontAndRecommendation(summary, configs.get(0));
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JsonFiles.write(summary, layout.outputDir() + "/levers/summary.json", conf);
        JsonFiles.writeText(table(summary), layout.outputDir() + "/levers/table.md", conf);
        return summary;
    }

    /**
     * Runs {@code first} once as the grid would, under {@link #WARM_UP_FOLDER}, so that the JVM has compiled the
     * code paths the settings share before the first reported one runs; returns the {@code warmUp} section: the
     * setting, its epochs, seconds and joules, or why it failed (a failed warm-up does not stop the comparison).
     */
    private static ObjectNode warmUp(SparkSession spark, RunLayout layout, Setting first, JobConfig config,
                                     Progress progress) {
        progress.report("levers", "warm-up: %s, not reported", first.name());
        ObjectNode node = JsonFiles.newObject();
        node.put("setting", first.name());
        node.put("folder", layout.outputDir() + "/" + WARM_UP_FOLDER);
        try {
            ObjectNode row = runSetting(new JobContext(spark, config, layout, progress),
                    new RunLayout(layout.outputDir() + "/" + WARM_UP_FOLDER), first);
            node.put("epochsRun", row.path("epochsRun").asInt());
            node.put("seconds", row.path("seconds").asDouble());
            node.set("joules", row.path("joules"));
        } catch (Exception e) {
            String line = JobFailure.of("levers", Optional.empty(), e).line();
            LOG.warn(line, e);
            progress.report("levers", "warm-up failed: %s", line);
            node.put("failed", line);
        }
        return node;
    }

    /**
     * Trains one setting (on minibatches re-batched to its {@code greentrain.train.batch-size-per-worker}
     * when that differs from the convert's), compresses its kept network when it asks for pruning or
     * quantisation ({@code greentrain.levers.*}), and measures the delivered network's predictions
     * per joule on the validation rows; returns its row.
     */
    static ObjectNode runSetting(JobContext ctx, RunLayout own, Setting setting) {
        if (isTextRun(ctx.layout().outputDir())) {
            return runLanguageModelSetting(ctx, own, setting);
        }
        Configuration conf = ctx.hadoopConf();
        TrainerSettings settings = ctx.config().trainerSettings();
        JsonNode features = JsonFiles.read(ctx.layout().model().features(), conf);
        String trainMinibatches = ctx.layout().minibatches(FeatureConverter.TRAIN);
        boolean rebatch = features.path("minibatchSize").asInt() != settings.batchSizePerWorker();
        if (rebatch) {
            String converted = trainMinibatches;
            trainMinibatches = own.minibatches(FeatureConverter.TRAIN);
            MinibatchRebatching.Result rebatched = MinibatchRebatching.rebatch(converted, trainMinibatches,
                    settings.batchSizePerWorker(), conf);
            ctx.progress().report("levers", "%s: %,d training examples re-batched from files of %d into %d files of %d",
                    setting.name(), rebatched.examples(), features.path("minibatchSize").asInt(),
                    rebatched.files().size(), rebatched.batchSize());
        }
        ObjectNode trained = new TrainStep(rebatch ? trainMinibatches : null).run(ctx, own, null);
        ObjectNode row = row(setting, trained);
        row.put("batchSizePerWorker", settings.batchSizePerWorker());
        row.put("rebatched", rebatch);
        row.put("dataType", ctx.config().networkSpec().dataType());

        Dataset<Row> validation = ctx.spark().read().parquet(ctx.layout().examples())
                .filter(col(FeatureConverter.SPLIT).equalTo(FeatureConverter.VALIDATION))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            String model = own.model().network();
            CompressionTask.Request request = new CompressionTask.Request(
                    ctx.config().get(GreentrainKeys.LEVERS_PRUNE_SPARSITY),
                    ctx.config().get(GreentrainKeys.LEVERS_PRUNE_FINE_TUNE_EPOCHS),
                    ctx.config().get(GreentrainKeys.LEVERS_QUANTIZE).equals("int8"));
            if (request.compresses()) {
                model = own.outputDir() + "/" + COMPRESSED_MODEL;
                row.set("compression", compress(ctx, setting, own.model().network(), model, trainMinibatches, request));
                addCompressionCost(row);
            }
            measureInference(ctx, setting, model, features, validation, row, request.compresses());
        } finally {
            validation.unpersist(false);
        }
        String metric = ctx.config().target() == null ? "r2" : ctx.config().target().metric();
        if (!Double.isFinite(row.path("validation").path(metric).asDouble(Double.NaN))) {
            row.put("failed", "validation " + metric + " is not finite: the network diverged"
                    + (row.path("dataType").asText().equals("float") ? "" : " in " + row.path("dataType").asText()
                    + " precision"));
        }
        return row;
    }

    /**
     * Whether {@code outputDir} holds a finished {@code text-pipeline} preparation (the language model's
     * vocabulary) rather than the tabular convert's.
     */
    static boolean isTextRun(String outputDir) {
        org.apache.hadoop.fs.Path vocabulary = new org.apache.hadoop.fs.Path(new TextLayout(outputDir).vocabulary());
        try {
            return vocabulary.getFileSystem(new Configuration()).exists(vocabulary);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot look for " + vocabulary, e);
        }
    }

    /**
     * Trains the character language model under one setting ({@link TextTrainStep}, its model in
     * {@code own}) and returns its row: held-out perplexity as the validation metric, the training's time,
     * energy and gCO2e (the epochs' own, as the monitor counted them), parameters and tokens. A setting that
     * asks for a lever of the tabular network is refused with one line.
     */
    static ObjectNode runLanguageModelSetting(JobContext ctx, RunLayout own, Setting setting) {
        TrainerSettings settings = ctx.config().lmSettings().trainer();
        for (String key : List.of(GreentrainKeys.LEVERS_PRUNE_SPARSITY.path(), GreentrainKeys.LEVERS_QUANTIZE.path(),
                GreentrainKeys.MODEL_DATA_TYPE.path(), GreentrainKeys.TRAIN_BATCH_SIZE_PER_WORKER.path())) {
            if (setting.overrides().stream().anyMatch(o -> o.startsWith(key + "="))) {
                throw new IllegalArgumentException(key + " is a lever of the tabular network, not of the language model");
            }
        }
        // Every setting (and the --warm-up run) trains from scratch: the step's checkpoints are keyed by its
        // configuration, so a setting run again would otherwise resume from the last one's final epoch.
        TextTrainStep step = new TextTrainStep();
        JobRunner.removeCheckpoints(ctx.layout().checkpoints(step.name()), ctx);
        JsonNode lm = step.run(ctx, own, null).path("lm");
        JobRunner.removeCheckpoints(ctx.layout().checkpoints(step.name()), ctx);
        ObjectNode row = JsonFiles.newObject();
        row.put("name", setting.name());
        setting.overrides().forEach(row.putArray("overrides")::add);
        ObjectNode validation = row.putObject("validation");
        validation.put("perplexity", lm.path("perplexity").asDouble());
        validation.put("unigramPerplexity", lm.path("unigramPerplexity").asDouble());
        validation.put("heldOutTokens", lm.path("heldOutTokens").asLong());
        row.put("epochsRun", lm.path("epochsRun").asInt());
        row.put("keptEpoch", lm.path("keptEpoch").asInt());
        row.put("stop", lm.path("stop").path("reason").asText());
        row.set("target", lm.path("target").isMissingNode() ? JsonFiles.newObject().put("reached", false)
                : lm.path("target"));
        JsonNode spent = lm.path("forecast").path("actual");
        row.put("seconds", lm.path("seconds").asDouble());
        putFinite(row, "joules", spent.path("joules").asDouble(Double.NaN));
        putFinite(row, "kwh", spent.path("kwh").asDouble(Double.NaN));
        putFinite(row, "gco2e", spent.path("gco2e").asDouble(Double.NaN));
        row.put("energyEstimated", lm.path("energyEstimated").asBoolean());
        long parameters = lm.path("parameters").asLong();
        row.put("parameters", parameters);
        row.put("examplesTrained", lm.path("examplesTrained").asLong());
        row.put("tokensTrained", lm.path("tokensTrained").asLong());
        // The LSTM's weights are used once per token: about 6 FLOPs per parameter and token, forward and backward.
        row.put("trainingFlops", 6.0 * parameters * lm.path("tokensTrained").asLong());
        row.put("batchSizePerWorker", settings.batchSizePerWorker());
        row.put("rebatched", false);
        row.put("dataType", "float");
        row.put("languageModel", true);
        if (!Double.isFinite(validation.path("perplexity").asDouble())) {
            row.put("failed", "held-out perplexity is not finite: the language model diverged");
        }
        return row;
    }

    /** Where a setting's compressed network is written, under its folder. */
    static final String COMPRESSED_MODEL = "model-compressed/network.zip";

    /** The shortest inference measurement: the energy plugin samples once a second by default. */
    static final java.time.Duration INFERENCE_MEASURED_FOR_AT_LEAST = java.time.Duration.ofSeconds(2);

    /**
     * Prunes (and fine-tunes) and/or quantises the network at {@code modelIn} into {@code modelOut} in
     * the phase {@code compress/NAME}; returns the {@code compression} section (what was asked, the
     * sparsity reached, fine-tuning, the int8 error, and the phase's seconds, joules and gCO2e).
     */
    private static ObjectNode compress(JobContext ctx, Setting setting, String modelIn, String modelOut,
                                       String trainMinibatches, CompressionTask.Request request) {
        String phase = "compress/" + setting.name();
        InferenceCost.Stopwatch stopwatch = InferenceCost.start(ctx.spark().sparkContext(), phase);
        CompressionTask.Outcome outcome;
        try (io.greentrain.energy.api.Phases.Scope scope = io.greentrain.energy.api.Phases.scope(
                ctx.spark().sparkContext(), phase)) {
            outcome = CompressionTask.run(ctx.jsc(), modelIn, modelOut, trainMinibatches, request);
        }
        // Only the phase's seconds and joules are used: compressing makes no predictions.
        InferenceCost cost = stopwatch.stop(0);
        ObjectNode node = JsonFiles.newObject();
        node.put("model", modelOut);
        node.put("pruneSparsity", request.sparsity());
        node.put("weights", outcome.weights());
        node.put("zeros", outcome.zeros());
        node.put("sparsityReached", outcome.sparsity());
        if (outcome.pruning() != null) {
            node.put("fineTuneEpochs", outcome.pruning().epochs());
            node.put("fineTuneExamples", outcome.pruning().examplesFitted());
        }
        node.put("quantize", request.int8() ? "int8" : "none");
        if (outcome.quantization() != null) {
            node.put("int8MaxErrorInSteps", outcome.quantization().maxErrorInSteps());
        }
        node.put("seconds", cost.seconds());
        putFinite(node, "joules", cost.joules());
        putFinite(node, "gco2e", io.greentrain.energy.api.ApplicationEnergy.of(ctx.spark().sparkContext())
                .flatMap(io.greentrain.energy.api.ApplicationEnergy::carbon)
                .map(carbon -> carbon.locationGramsByPhase().getOrDefault(phase, 0.0)).orElse(Double.NaN));
        ctx.progress().report("levers", "%s: %s%s, %.1f s, %s", setting.name(),
                outcome.pruning() == null ? "" : String.format(Locale.ROOT, "pruned to %.1f%% zeros, %d fine-tuning "
                        + "epochs", 100 * outcome.sparsity(), outcome.pruning().epochs()),
                request.int8() ? (outcome.pruning() == null ? "" : ", ") + "int8 quantised" : "", cost.seconds(),
                EnergyUnits.energy(cost.joules()));
        return node;
    }

    /** The compressed model cost its compression too: its energy, emissions and time join the row's totals. */
    private static void addCompressionCost(ObjectNode row) {
        JsonNode compression = row.path("compression");
        row.put("seconds", row.path("seconds").asDouble() + compression.path("seconds").asDouble());
        for (String field : List.of("joules", "gco2e")) {
            putFinite(row, field, row.path(field).asDouble(Double.NaN) + compression.path(field).asDouble(Double.NaN));
        }
        putFinite(row, "kwh", row.path("joules").asDouble(Double.NaN) / EnergyUnits.JOULES_PER_KWH);
    }

    /**
     * Scores the validation rows with the network at {@code model} in the phase {@code inference/NAME},
     * repeatedly for at least {@link #INFERENCE_MEASURED_FOR_AT_LEAST}, and records the {@code inference}
     * section; when the network is a compressed one, its metrics become the row's {@code validation}
     * (the trained network's move to {@code compression.validationBefore}, the difference to
     * {@code compression.change}).
     */
    private static void measureInference(JobContext ctx, Setting setting, String model, JsonNode features,
                                         Dataset<Row> validation, ObjectNode row, boolean compressed) {
        MultiLayerNetwork network = NetworkFiles.load(model, ctx.hadoopConf());
        LabelTransform labelTransform = ConvertStep.labelTransform(features);
        String label = features.path("labelTransform").path("label").asText();
        LabelDecoder decoder = labelTransform::decode;
        RegressionMetrics[] metrics = new RegressionMetrics[1];
        InferenceCost cost = InferenceCost.measure(ctx.spark().sparkContext(), "inference/" + setting.name(),
                INFERENCE_MEASURED_FOR_AT_LEAST, () -> {
                    metrics[0] = RegressionMetrics.of(NetworkPredictor.predict(validation, network,
                            FeatureConverter.FEATURES, TrainStep.PREDICTION, decoder), label, TrainStep.PREDICTION);
                    return metrics[0].count();
                });
        row.set("inference", cost.toJson());
        ctx.progress().report("levers", "%s: inference on the validation rows: %s", setting.name(), cost.describe());
        if (compressed && metrics[0] != null) {
            ObjectNode compression = (ObjectNode) row.get("compression");
            JsonNode before = row.path("validation");
            ObjectNode after = EvaluateStep.metricsJson(metrics[0]);
            compression.set("validationBefore", before);
            ObjectNode change = compression.putObject("change");
            for (String metric : List.of("rmse", "mae", "r2")) {
                change.put(metric, after.path(metric).asDouble() - before.path(metric).asDouble(Double.NaN));
            }
            row.set("validation", after);
        }
    }

    /** The row of a setting that failed: its name, overrides and the one line that says why. */
    static ObjectNode failedRow(Setting setting, String line) {
        ObjectNode row = JsonFiles.newObject();
        row.put("name", setting.name());
        setting.overrides().forEach(row.putArray("overrides")::add);
        row.put("failed", line);
        row.putObject("validation");
        row.put("epochsRun", 0);
        row.putObject("target").put("reached", false);
        row.put("seconds", 0.0);
        row.putNull("joules");
        row.putNull("kwh");
        row.putNull("gco2e");
        row.put("parameters", 0L);
        row.put("trainingFlops", 0.0);
        return row;
    }

    /** One row of the comparison from the train step's {@code train} and {@code validation} sections. */
    static ObjectNode row(Setting setting, JsonNode trained) {
        JsonNode train = trained.path("train");
        ObjectNode row = JsonFiles.newObject();
        row.put("name", setting.name());
        setting.overrides().forEach(row.putArray("overrides")::add);
        row.set("validation", trained.path("validation"));
        row.put("epochsRun", train.path("epochsRun").asInt());
        row.put("keptEpoch", train.path("keptEpoch").asInt());
        row.put("stop", train.path("stop").path("reason").asText());
        row.set("target", train.path("target"));
        double joules = 0;
        double grams = 0;
        for (JsonNode epoch : train.path("history")) {
            joules += epoch.path("joules").asDouble(Double.NaN);
            grams += epoch.path("gco2e").asDouble(Double.NaN);
        }
        row.put("seconds", train.path("seconds").asDouble());
        putFinite(row, "joules", joules);
        putFinite(row, "kwh", joules / EnergyUnits.JOULES_PER_KWH);
        putFinite(row, "gco2e", grams);
        row.put("energyEstimated", train.path("energyEstimated").asBoolean());
        long parameters = train.path("parameters").asLong();
        row.put("parameters", parameters);
        row.put("examplesTrained", train.path("examplesTrained").asLong());
        // Dense layers: about 2 FLOPs per parameter forward and 4 backward, per example.
        row.put("trainingFlops", 6.0 * parameters * train.path("examplesTrained").asLong());
        return row;
    }

    /**
     * Marks each row {@code paretoFront} (energy against validation accuracy: R², or minus the RMSE or
     * MAE when the target names one of those) and names the cheapest row whose kept model reaches
     * the target as {@code recommended}.
     */
    static void markFrontAndRecommendation(ObjectNode summary, JobConfig config) {
        io.greentrain.training.stop.Target target = config.target();
        String metric = target == null ? "r2" : target.metric();
        boolean higherIsBetter = target == null || target.atLeast();
        summary.put("accuracyMetric", metric);
        List<ParetoFront.Point> points = new ArrayList<>();
        List<ObjectNode> compared = new ArrayList<>();
        for (JsonNode row : summary.path("settings")) {
            double value = row.path("validation").path(metric).asDouble(Double.NaN);
            double joules = row.path("joules").asDouble(Double.NaN);
            // A failed setting, or one without a figure to compare, is neither on the front nor recommended.
            if (row.has("failed") || !Double.isFinite(value) || !Double.isFinite(joules)) {
                ((ObjectNode) row).put("paretoFront", false);
                continue;
            }
            compared.add((ObjectNode) row);
            points.add(new ParetoFront.Point(row.path("name").asText(), joules, higherIsBetter ? value : -value));
        }
        List<Boolean> front = ParetoFront.onFront(points);
        for (int i = 0; i < compared.size(); i++) {
            compared.get(i).put("paretoFront", front.get(i));
        }
        if (target != null) {
            summary.put("target", target.toString());
            double goal = higherIsBetter ? target.threshold() : -target.threshold();
            Optional<ParetoFront.Point> cheapest = ParetoFront.cheapestReaching(points, goal);
            if (cheapest.isPresent()) {
                summary.put("recommended", cheapest.get().name());
            } else {
                summary.putNull("recommended");
            }
        }
    }

    /** The comparison as a Markdown table, one row per setting. */
    static String table(JsonNode summary) {
        String metric = summary.path("accuracyMetric").asText("r2");
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "| setting | validation %s | epochs run | time to target | energy to target "
                + "| time | energy | CO2e | parameters | training FLOPs | predictions per joule | Pareto | notes |%n",
                metric));
        text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode row : summary.path("settings")) {
            if (row.has("failed")) {
                text.append(String.format(Locale.ROOT, "| %s | \u2013 | %d | \u2013 | \u2013 | \u2013 | \u2013 | \u2013 "
                        + "| \u2013 | \u2013 | \u2013 | | failed: %s |%n", row.path("name").asText(),
                        row.path("epochsRun").asInt(), row.path("failed").asText().replace("|", "/")));
                continue;
            }
            JsonNode target = row.path("target");
            boolean reached = target.path("reached").asBoolean(false);
            text.append(String.format(Locale.ROOT, "| %s%s | %.4g | %d | %s | %s | %.1f s | %s | %s | %,d | %.3g | %s | %s | %s |%n",
                    row.path("name").asText(),
                    row.path("name").asText().equals(summary.path("recommended").asText(null)) ? " (recommended)" : "",
                    row.path("validation").path(metric).asDouble(Double.NaN), row.path("epochsRun").asInt(),
                    reached ? String.format(Locale.ROOT, "%.1f s", target.path("seconds").asDouble()) : "not reached",
                    reached && target.path("joules").isNumber() ? EnergyUnits.energy(target.path("joules").asDouble())
                            : "\u2013",
                    row.path("seconds").asDouble(), row.path("joules").isNumber()
                            ? EnergyUnits.energy(row.path("joules").asDouble()) : "\u2013",
                    row.path("gco2e").isNumber() ? EnergyUnits.mass(row.path("gco2e").asDouble()) : "\u2013",
                    row.path("parameters").asLong(), row.path("trainingFlops").asDouble(),
                    row.path("inference").path("predictionsPerJoule").isNumber()
                            ? EnergyUnits.number(row.path("inference").path("predictionsPerJoule").asDouble()) : "\u2013",
                    row.path("paretoFront").asBoolean() ? "yes" : "", notes(row, metric)));
        }
        if (summary.path("settings").size() > 0 && summary.path("settings").get(0).path("energyEstimated").asBoolean()) {
            text.append("\nEnergy is estimated from CPU time on this machine (no meter was readable), predictions per "
                    + "joule too.\n");
        }
        return text.toString();
    }

    /** The table's notes on a row: batch size when re-batched, precision other than float, what compression did. */
    static String notes(JsonNode row, String metric) {
        List<String> notes = new ArrayList<>();
        if (row.path("rebatched").asBoolean()) {
            notes.add("batch " + row.path("batchSizePerWorker").asInt() + " (re-batched)");
        }
        if (row.has("dataType") && !row.path("dataType").asText().equals("float")) {
            notes.add(row.path("dataType").asText());
        }
        JsonNode compression = row.path("compression");
        if (compression.isObject()) {
            if (compression.path("pruneSparsity").asDouble() > 0) {
                notes.add(String.format(Locale.ROOT, "pruned to %.1f%% zeros, %d fine-tuning epochs",
                        100 * compression.path("sparsityReached").asDouble(), compression.path("fineTuneEpochs").asInt()));
            }
            if (compression.path("quantize").asText().equals("int8")) {
                notes.add("int8");
            }
            notes.add(String.format(Locale.ROOT, "%s change %+.4f", metric, compression.path("change").path(metric)
                    .asDouble(Double.NaN)));
        }
        return String.join("; ", notes);
    }

    /**
     * The settings of a grid file.
     *
     * @throws IllegalArgumentException one line naming the file and what is wrong
     */
    static List<Setting> readGrid(String path) {
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalArgumentException("--grid: no such file " + path);
        }
        Config grid;
        try {
            grid = ConfigFactory.parseFile(file).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--grid " + path + ": " + e.getMessage());
        }
        if (!grid.hasPath("levers")) {
            throw new IllegalArgumentException("--grid " + path + ": no 'levers' list of settings");
        }
        List<Setting> settings = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<? extends Config> entries;
        try {
            entries = grid.getConfigList("levers");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--grid " + path + ": 'levers' must be a list of objects: " + e.getMessage());
        }
        for (int i = 0; i < entries.size(); i++) {
            Config entry = entries.get(i);
            if (!entry.hasPath("name") || !entry.getString("name").matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("--grid " + path + ": levers[" + i + "] needs a name of letters, "
                        + "digits, '.', '_' or '-'");
            }
            String name = entry.getString("name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("--grid " + path + ": the setting name '" + name + "' is used twice");
            }
            List<String> overrides = new ArrayList<>();
            if (entry.hasPath("set")) {
                for (Map.Entry<String, ConfigValue> key : entry.getConfig("set").entrySet()) {
                    overrides.add(key.getKey() + "=" + key.getValue().render(ConfigRenderOptions.concise()));
                }
            }
            overrides.sort(String::compareTo);
            settings.add(new Setting(name, List.copyOf(overrides)));
        }
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("--grid " + path + ": 'levers' lists no settings");
        }
        return settings;
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
