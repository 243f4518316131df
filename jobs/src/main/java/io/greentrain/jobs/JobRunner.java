package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.Phases;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.ConfigException;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.text.TextCleanStep;
import io.greentrain.jobs.text.TextLayout;
import io.greentrain.jobs.text.TextPrepareStep;
import io.greentrain.jobs.text.TextTrainStep;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one job from its command line: parse and validate everything that can be checked before
 * Spark starts (a bad argument or configuration costs no cluster time and exits with 2), then run
 * the steps (each skipped when its success marker says it is done, see {@link RunLayout}), merge
 * their sections into {@code summary.json} and print a short summary.
 *
 * <p>Exit codes: 0 success; 2 bad usage, configuration or input; 1 any other failure.
 */
public final class JobRunner {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;

    private JobRunner() {
    }

    /**
     * Runs {@code job} with {@code args} in the current (or a new) Spark session, which it leaves
     * running. Never throws: every outcome is an exit code with its message on {@code err}.
     */
    public static int run(Job job, String[] args, PrintStream out, PrintStream err) {
        if (job == Job.LEDGER) {
            try {
                return io.greentrain.jobs.ledger.LedgerCommand.run(args, out, err);
            } catch (RuntimeException e) {
                err.println("error: ledger failed: " + e);
                e.printStackTrace(err);
                return FAILED;
            }
        }
        try {
            JobArguments arguments = JobArguments.parse(args);
            if (arguments.help()) {
                out.println(JobArguments.USAGE);
                return OK;
            }
            if (job == Job.PREDICT) {
                return PredictStep.run(arguments, out);
            }
            JobConfig config = JobConfig.load(arguments.configPath().orElse(null), arguments.allOverrides(),
                    new Configuration());
            checkBeforeSpark(job, config);
            RunLayout layout = new RunLayout(config.outputDir());
            SparkSession spark = session("greentrain " + job.cliName(), layout);
            runSteps(job, new JobContext(spark, config, layout, new Progress(out)), arguments.force(), out);
            return OK;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(JobArguments.USAGE);
            return BAD_USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return BAD_USAGE;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("error: " + job.cliName() + " failed: " + e);
            e.printStackTrace(err);
            return FAILED;
        }
    }

    /** Validates the configuration sections {@code job} will use, so that errors surface before Spark starts. */
    private static void checkBeforeSpark(Job job, JobConfig config) {
        if (job == Job.CLEAN || job == Job.PIPELINE) {
            config.requireInputPaths();
            config.cleaningSpec();
        }
        if (job == Job.CONVERT || job == Job.PIPELINE) {
            config.featureSpec();
        }
        if (job == Job.TRAIN || job == Job.PIPELINE) {
            config.networkSpec();
            config.trainerSettings();
        }
        if (job == Job.TEXT_CLEAN || job == Job.TEXT_PIPELINE) {
            config.requireInputPaths();
        }
    }

    /**
     * The active Spark session, or a new one. Under spark-submit the master comes from there; a
     * plain {@code java} launch without {@code spark.master} runs in local mode on every core. A
     * new session always loads the energy plugin (added to any plugins already configured), unless
     * {@code spark.greentrain.energy.enabled=false}.
     */
    public static SparkSession session(String appName, RunLayout layout) {
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        SparkConf conf = new SparkConf();
        if (SparkSession.getActiveSession().isEmpty() && !conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        builder.config("spark.plugins", withEnergyPlugin(conf.get("spark.plugins", "")));
        if (!conf.contains(EnergyConf.LEDGER_PATH.key())) {
            builder.config(EnergyConf.LEDGER_PATH.key(), layout.ledger());
        }
        if (!conf.contains(EnergyConf.LEDGER_RUN_ID.key())) {
            builder.config(EnergyConf.LEDGER_RUN_ID.key(), layout.runId());
        }
        return builder.getOrCreate();
    }

    /** {@code plugins} (a comma-separated list) with the energy plugin added once. */
    static String withEnergyPlugin(String plugins) {
        String energy = io.greentrain.energy.EnergyPlugin.class.getName();
        if (List.of(plugins.split(",")).stream().map(String::trim).anyMatch(energy::equals)) {
            return plugins;
        }
        return plugins.isBlank() ? energy : plugins + "," + energy;
    }

    private static void runSteps(Job job, JobContext ctx, boolean force, PrintStream out) {
        List<Job> steps = job == Job.PIPELINE ? Job.steps() : job == Job.TEXT_PIPELINE ? Job.textSteps() : List.of(job);
        ObjectNode sections = JsonFiles.newObject();
        Set<String> stale = new LinkedHashSet<>();
        boolean trained = false;
        String previousPhase = Phases.current(ctx.spark().sparkContext());
        try {
            for (Job step : steps) {
                String input = StepState.inputFingerprint(step, ctx);
                String configHash = StepState.configHash(step, ctx.config());
                String markerPath = ctx.layout().marker(step);
                Optional<StepMarker> marker = StepMarker.read(markerPath, ctx.hadoopConf());
                if (!force && marker.isPresent() && marker.get().matches(input, configHash)) {
                    ctx.progress().report(step.cliName(), "skipped: finished at %s by %s with the same input and "
                            + "configuration (%s); --force runs it again", marker.get().committedAt(),
                            marker.get().sparkApplicationId(), markerPath);
                    sections.setAll(marker.get().summary());
                    continue;
                }
                // The step runs: its sections and those of every step after it are out of date.
                for (Job later : step.laterSteps()) {
                    later.summarySections().forEach(section -> {
                        stale.add(section);
                        sections.remove(section);
                    });
                }
                ObjectNode produced = runStep(step, ctx, input, configHash);
                sections.setAll(produced);
                trained |= step == Job.TRAIN || step == Job.TEXT_TRAIN;
            }
        } finally {
            if (previousPhase == null) {
                Phases.leave(ctx.spark().sparkContext());
            }
        }
        // Merge into the summary as it is now, not as it was when the job started.
        ObjectNode summary = JsonFiles.readObjectIfExists(ctx.layout().summary(), ctx.hadoopConf());
        stale.forEach(summary::remove);
        summary.setAll(sections);
        summary.put("job", job.cliName());
        summary.put("sparkApplicationId", ctx.spark().sparkContext().applicationId());
        summary.put("finishedAt", java.time.Instant.now().toString());
        summary.put("durationSeconds", ctx.progress().elapsedSeconds());
        summary.set("paths", job.isText() ? textPaths(ctx.layout(), new TextLayout(ctx.layout().outputDir()))
                : paths(ctx.layout()));
        // Energy per training example or token only when this application did the training.
        JsonNode train = trained ? summary.path(job.isText() ? "lm" : "train")
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        EnergySection.of(ctx.spark(), train).ifPresentOrElse(energy -> summary.set("energy", energy),
                () -> summary.remove("energy"));
        CarbonSection.of(ctx.spark(), train).ifPresentOrElse(carbon -> summary.set("carbon", carbon),
                () -> summary.remove("carbon"));
        JsonFiles.write(summary, ctx.layout().summary(), ctx.hadoopConf());
        printSummary(job, summary, ctx, out);
    }

    /**
     * Runs one step as {@link RunLayout} describes: removes its marker and those of the steps after
     * it, its staging folder and its final outputs, runs it into the staging folder, commits by
     * rename, writes the marker.
     *
     * @return the step's sections of the summary
     */
    private static ObjectNode runStep(Job step, JobContext ctx, String input, String configHash) {
        RunLayout layout = ctx.layout();
        RunLayout staging = layout.staging(step);
        StagedOutputs outputs = new StagedOutputs(staging.outputDir(), layout.outputDir(), RunLayout.outputsOf(step),
                ctx.hadoopConf());
        // Later steps' outputs were made from the ones this step replaces: they are no longer finished.
        for (Job later : step.laterSteps()) {
            StepMarker.delete(layout.marker(later), ctx.hadoopConf());
        }
        outputs.clearStaging();
        outputs.removeFinalOutputs();
        ObjectNode produced = JsonFiles.newObject();
        switch (step) {
            case CLEAN -> produced.set("clean", CleanStep.run(ctx, staging, input));
            case CONVERT -> produced.set("convert", ConvertStep.run(ctx, staging));
            case TRAIN -> TrainStep.run(ctx, staging, produced);
            case EVALUATE -> produced.set("test", EvaluateStep.run(ctx, staging));
            case TEXT_CLEAN -> produced.set("textClean",
                    TextCleanStep.run(ctx, new TextLayout(staging.outputDir()), input));
            case TEXT_PREPARE -> produced.set("textPrepare", TextPrepareStep.run(ctx,
                    new TextLayout(layout.outputDir()), new TextLayout(staging.outputDir())));
            case TEXT_TRAIN -> produced.set("lm", TextTrainStep.run(ctx,
                    new TextLayout(layout.outputDir()), new TextLayout(staging.outputDir())));
            default -> throw new IllegalStateException("not a step: " + step);
        }
        outputs.commit();
        new StepMarker(step.cliName(), input, configHash, UUID.randomUUID().toString(), Instant.now().toString(),
                ctx.spark().sparkContext().applicationId(), produced).write(layout.marker(step), ctx.hadoopConf());
        return produced;
    }

    private static ObjectNode paths(RunLayout layout) {
        ObjectNode paths = JsonFiles.newObject();
        paths.put("output", layout.outputDir());
        paths.put("summary", layout.summary());
        paths.put("cleaned", layout.cleaned());
        paths.put("quarantine", layout.quarantine());
        paths.put("duplicates", layout.duplicates());
        paths.put("cleanReport", layout.cleanReport());
        paths.put("examples", layout.examples());
        paths.put("trainMinibatches", layout.minibatches("train"));
        paths.put("validationMinibatches", layout.minibatches("validation"));
        paths.put("model", layout.modelDir());
        paths.put("network", layout.model().network());
        paths.put("featurePipeline", layout.model().featurePipeline());
        paths.put("metadata", layout.model().metadata());
        paths.put("jobConfig", layout.model().jobConfig());
        paths.put("testPredictions", layout.testPredictions());
        paths.put("evaluationReport", layout.evaluationReport());
        paths.put("ledger", layout.ledger());
        return paths;
    }

    private static ObjectNode textPaths(RunLayout layout, TextLayout text) {
        ObjectNode paths = JsonFiles.newObject();
        paths.put("output", layout.outputDir());
        paths.put("summary", layout.summary());
        paths.put("kept", text.kept());
        paths.put("removed", text.removed());
        paths.put("cleanReport", text.cleanReport());
        paths.put("vocabulary", text.vocabulary());
        paths.put("trainSequences", text.sequences(TextLayout.TRAIN));
        paths.put("heldOutSequences", text.sequences(TextLayout.HELD_OUT));
        paths.put("model", text.model());
        paths.put("ledger", layout.ledger());
        return paths;
    }

    private static void printSummary(Job job, JsonNode summary, JobContext ctx, PrintStream out) {
        out.printf(Locale.ROOT, "%ngreentrain %s finished in %.1fs%n", job.cliName(), ctx.progress().elapsedSeconds());
        JsonNode clean = summary.path("clean");
        if (!clean.isMissingNode()) {
            out.printf(Locale.ROOT, "  clean     %d rows in = %d kept + %d quarantined + %d duplicates%n",
                    clean.path("rowsIn").asLong(), clean.path("rowsKept").asLong(),
                    clean.path("rowsQuarantined").asLong(), clean.path("rowsDuplicate").asLong());
        }
        JsonNode convert = summary.path("convert");
        if (!convert.isMissingNode()) {
            out.printf(Locale.ROOT, "  convert   %d features; train %d / validation %d / test %d rows%n",
                    convert.path("featureCount").asInt(), convert.path("splitRows").path("train").asLong(),
                    convert.path("splitRows").path("validation").asLong(), convert.path("splitRows").path("test").asLong());
        }
        JsonNode train = summary.path("train");
        if (!train.isMissingNode()) {
            out.printf(Locale.ROOT, "  train     %d epochs, %d workers, final loss %.5f, %.1fs%n",
                    train.path("epochs").asInt(), train.path("workers").asInt(),
                    train.path("finalTrainLoss").asDouble(), train.path("seconds").asDouble());
        }
        JsonNode textClean = summary.path("textClean");
        if (!textClean.isMissingNode()) {
            StringBuilder reasons = new StringBuilder();
            textClean.path("removedByReason").fields().forEachRemaining(reason -> {
                if (reason.getValue().asLong() > 0) {
                    reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.getKey()).append(' ')
                            .append(reason.getValue().asLong());
                }
            });
            out.printf(Locale.ROOT, "  text      %d documents in = %d kept + %d removed (%s)%n",
                    textClean.path("docsIn").asLong(), textClean.path("docsKept").asLong(),
                    textClean.path("docsRemoved").asLong(), reasons);
        }
        JsonNode textPrepare = summary.path("textPrepare");
        if (!textPrepare.isMissingNode()) {
            out.printf(Locale.ROOT, "  prepare   vocabulary %d, %d tokens from %d documents; %d train / %d held-out sequences%n",
                    textPrepare.path("vocabulary").path("size").asInt(), textPrepare.path("tokens").asLong(),
                    textPrepare.path("documentsUsed").asLong(), textPrepare.path("train").path("sequences").asLong(),
                    textPrepare.path("heldOut").path("sequences").asLong());
        }
        JsonNode lm = summary.path("lm");
        if (!lm.isMissingNode()) {
            out.printf(Locale.ROOT, "  lm        %d epochs, %d workers, final loss %.4f nats/char, held-out perplexity %.3f "
                            + "(unigram %.3f), %.0f tokens/s%n", lm.path("epochs").asInt(), lm.path("workers").asInt(),
                    lm.path("finalTrainLoss").asDouble(), lm.path("perplexity").asDouble(),
                    lm.path("unigramPerplexity").asDouble(), lm.path("tokensPerSecond").asDouble());
            out.printf("  sample    %s%n", lm.path("sample").asText().replace("\n", "\n            "));
        }
        printMetrics(out, "validation", summary.path("validation"));
        printMetrics(out, "test", summary.path("test"));
        JsonNode energy = summary.path("energy");
        if (!energy.isMissingNode()) {
            out.printf(Locale.ROOT, "  energy    %.1f J (%.6f kWh), %.0f%% estimated; by step:", energy.path("joules").asDouble(),
                    energy.path("kwh").asDouble(), 100 * energy.path("estimatedShare").asDouble());
            energy.path("byStep").fields().forEachRemaining(step ->
                    out.printf(Locale.ROOT, " %s %.1f J", step.getKey(), step.getValue().path("joules").asDouble()));
            out.println();
        }
        JsonNode carbon = summary.path("carbon");
        if (!carbon.isMissingNode()) {
            out.printf(Locale.ROOT, "  carbon    %.6f kgCO2e location-based, %.6f market-based, %.6f embodied (PUE %.2f)%n",
                    carbon.path("kgco2e").path("location").asDouble(), carbon.path("kgco2e").path("market").asDouble(),
                    carbon.path("embodiedKg").asDouble(), carbon.path("pue").asDouble());
            out.printf("  ledger    %s%n", carbon.path("ledger").asText());
        }
        out.printf("  summary   %s%n", ctx.layout().summary());
    }

    private static void printMetrics(PrintStream out, String name, JsonNode metrics) {
        if (!metrics.isMissingNode()) {
            out.printf(Locale.ROOT, "  %-9s RMSE %,.0f  MAE %,.0f  R2 %.4f  (%d rows)%n", name,
                    metrics.path("rmse").asDouble(), metrics.path("mae").asDouble(), metrics.path("r2").asDouble(),
                    metrics.path("rows").asLong());
        }
    }
}
