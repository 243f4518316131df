package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.EnergySettings;
import io.greentrain.energy.Phases;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.carbon.CarbonWindowCommand;
import io.greentrain.jobs.config.ConfigException;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.jobs.ledger.LedgerCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Runs one job from its command line: parse and validate everything that can be checked before
 * Spark starts (a bad argument or configuration costs no cluster time and exits with 2), then run
 * the job's {@link Step}s in one generic loop (each skipped when its success marker says it is
 * done, see {@link RunLayout}), merge their sections into {@code summary.json} and print a short
 * summary. Nothing here knows a particular step: a step brings its outputs, configuration, input
 * fingerprint, sections and printed lines itself. Only {@code predict} and {@code ledger}, which
 * are not steps, have code paths of their own.
 *
 * <p>Exit codes: 0 success; 2 bad usage, configuration or input; 1 any other failure. Every failure
 * ends in one {@code error:} line ({@link JobFailure}); an internal one's stack trace goes to the log.
 */
public final class JobRunner {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    /** The traces behind the {@code error:} lines: scripts/log4j2-local.properties sends them to the log file only. */
    private static final Logger FAILURES = LoggerFactory.getLogger("io.greentrain.jobs.failure");

    private JobRunner() {
    }

    /**
     * Runs {@code job} with {@code args} in the current (or a new) Spark session, which it leaves
     * running. Never throws: every outcome is an exit code with its message on {@code err}.
     */
    public static int run(Job job, String[] args, PrintStream out, PrintStream err) {
        if (job.equals(Job.LEDGER)) {
            return runLedger(args, out, err);
        }
        if (job.equals(Job.CARBON_WINDOW)) {
            return CarbonWindowCommand.run(args, out, err);
        }
        if (job.equals(Job.LEVERS)) {
            return LeversCommand.run(args, out, err);
        }
        try {
            if (job.equals(Job.INSPECT)) {
                if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                    out.println(job.help());
                    return OK;
                }
                return InspectCommand.run(args, out, hadoopConfBeforeSpark());
            }
            JobArguments arguments = JobArguments.parse(args);
            if (arguments.help()) {
                out.println(job.help());
                return OK;
            }
            if (job.equals(Job.PREDICT)) {
                return PredictCommand.run(arguments, out);
            }
            JobConfig config = JobConfig.load(arguments.configPath().orElse(null), arguments.allOverrides(),
                    new Configuration());
            // Everything that can be checked before Spark starts: a bad value costs no cluster time.
            job.steps().forEach(step -> step.validate(config));
            RunLayout layout = new RunLayout(config.outputDir());
            checkEnergyConfiguration(layout);
            // Then the files: the inputs can be read, the output folder may be used.
            Configuration hadoopConf = hadoopConfBeforeSpark();
            job.pipeline().flatMap(pipeline -> job.steps().stream().filter(step -> pipeline.upstreamOf(step).isEmpty())
                    .findFirst()).ifPresent(first -> first.checkInputs(config, hadoopConf));
            OutputFolder.checkUsable(layout, arguments.force(), hadoopConf);
            try (OutputLock lock = OutputLock.acquire(layout, hadoopConf)) {
                SparkSession spark = session("greentrain " + job.cliName(), layout);
                Progress progress = new Progress(out);
                int progressSeconds = config.get(GreentrainKeys.PROGRESS_INTERVAL_SECONDS);
                try (StageProgress stages = progressSeconds == 0 ? null
                        : StageProgress.follow(spark.sparkContext(), progress, Duration.ofSeconds(progressSeconds))) {
                    runSteps(job, new JobContext(spark, config, layout, progress), arguments.force(), out);
                }
            }
            return OK;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(Job.usage());
            return BAD_USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return BAD_USAGE;
        } catch (StepFailedException e) {
            return report(JobFailure.of(job.cliName(), Optional.of(e.step()), e.getCause()), e, err);
        } catch (Exception | Error e) {
            // Spark's and Hadoop's exceptions, and Errors such as FSError: one line here, the trace in the log.
            return report(JobFailure.of(job.cliName(), Optional.empty(), e), e, err);
        }
    }

    /** Prints the failure's one line on {@code err}, logs the trace of an internal one, and returns its exit code. */
    private static int report(JobFailure failure, Throwable trace, PrintStream err) {
        if (failure.internal()) {
            FAILURES.error(failure.line(), trace);
        }
        err.println(failure.line());
        return failure.exitCode();
    }

    /**
     * The Hadoop configuration the job's session will use, for the checks before it starts: the
     * active session's, or the one Spark would build from its configuration ({@code spark.hadoop.*}
     * options included).
     */
    static Configuration hadoopConfBeforeSpark() {
        return runningSession().map(session -> session.sparkContext().hadoopConfiguration())
                .orElseGet(() -> SparkHadoopUtil.get().newConfiguration(new SparkConf()));
    }

    /**
     * This thread's active session if it is still running. Spark keeps a stopped session as the
     * active one until another replaces it, so a job started after a stopped one must not take it
     * for a live session (it would build its own without a master).
     */
    static Optional<SparkSession> runningSession() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        return active.isDefined() && !active.get().sparkContext().isStopped() ? Optional.of(active.get()) : Optional.empty();
    }

    /** {@code ledger ...} has its own arguments and no steps: {@link LedgerCommand} does all of it. */
    private static int runLedger(String[] args, PrintStream out, PrintStream err) {
        try {
            return LedgerCommand.run(args, out, err);
        } catch (Exception | Error e) {
            return report(JobFailure.of("ledger", Optional.empty(), e), e, err);
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
        if (runningSession().isEmpty() && !conf.contains("spark.master")) {
            builder.master("local[*]");
        }
        builder.config("spark.plugins", withEnergyPlugin(conf.get("spark.plugins", "")));
        runLedger(layout).forEach((key, value) -> {
            if (!conf.contains(key)) {
                builder.config(key, value);
            }
        });
        return builder.getOrCreate();
    }

    /** Where, and as which run, a new session's plugin writes the ledger unless Spark's configuration says. */
    private static Map<String, String> runLedger(RunLayout layout) {
        return Map.of(EnergyConf.LEDGER_PATH.key(), layout.ledger(), EnergyConf.LEDGER_RUN_ID.key(), layout.runId());
    }

    /**
     * Checks the energy plugin's configuration ({@code spark.greentrain.energy.*}, as spark-submit or
     * {@code -D} options pass it) the way the plugin will read it in the session {@link #session}
     * creates, so that a bad value stops the job before Spark starts. An active session's plugin
     * has read its configuration already, so then there is nothing left to check.
     *
     * @throws IllegalArgumentException one line naming the key at fault
     */
    static void checkEnergyConfiguration(RunLayout layout) {
        if (runningSession().isPresent()) {
            return;
        }
        Map<String, String> conf = new HashMap<>();
        for (Tuple2<String, String> entry : new SparkConf().getAll()) {
            conf.put(entry._1(), entry._2());
        }
        runLedger(layout).forEach(conf::putIfAbsent);
        if (EnergyConf.ENABLED.get(conf)) {
            EnergySettings.from(conf);
        }
    }

    /** {@code plugins} (a comma-separated list) with the energy plugin added once. */
    static String withEnergyPlugin(String plugins) {
        String energy = io.greentrain.energy.EnergyPlugin.class.getName();
        if (List.of(plugins.split(",")).stream().map(String::trim).anyMatch(energy::equals)) {
            return plugins;
        }
        return plugins.isBlank() ? energy : plugins + "," + energy;
    }

    /**
     * The generic loop over {@code job}'s steps: skip a step whose marker matches, otherwise run it
     * ({@link #runStep}); then merge the sections into {@code summary.json} and print the summary.
     */
    private static void runSteps(Job job, JobContext ctx, boolean force, PrintStream out) {
        Pipeline pipeline = job.pipeline().orElseThrow();
        ObjectNode sections = JsonFiles.newObject();
        Set<String> stale = new LinkedHashSet<>();
        Optional<String> workSection = Optional.empty();
        String previousPhase = Phases.current(ctx.spark().sparkContext());
        Step running = null;
        List<String> ran = new ArrayList<>();
        ObjectNode stepSeconds = JsonFiles.newObject();
        List<String> skipped = new ArrayList<>();
        try {
            for (Step step : job.steps()) {
                running = step;
                String input = inputFingerprint(pipeline, step, ctx);
                String configHash = configHash(step, ctx.config());
                String markerPath = ctx.layout().marker(step.name());
                Optional<StepMarker> marker = StepMarker.read(markerPath, ctx.hadoopConf());
                if (!force && marker.isPresent() && marker.get().matches(input, configHash)) {
                    ctx.progress().report(step.name(), "skipped: finished at %s by %s with the same input and "
                            + "configuration (%s); --force runs it again", marker.get().committedAt(),
                            marker.get().sparkApplicationId(), markerPath);
                    sections.setAll(marker.get().summary());
                    skipped.add(step.name());
                    continue;
                }
                // The step runs: its sections and those of every step after it are out of date.
                for (Step later : pipeline.fromStep(step)) {
                    later.summarySections().forEach(section -> {
                        stale.add(section);
                        sections.remove(section);
                    });
                }
                double stepStart = ctx.progress().elapsedSeconds();
                sections.setAll(runStep(pipeline, step, ctx, input, configHash));
                stepSeconds.put(step.name(), ctx.progress().elapsedSeconds() - stepStart);
                ran.add(step.name());
                if (step.workSection().isPresent()) {
                    workSection = step.workSection();
                }
            }
        } catch (Exception | Error e) { // Spark's exceptions are checked ones that Scala throws undeclared
            keepCommittedSections(job, ctx, sections, stale, running, e);
            throw new StepFailedException(running == null ? job.cliName() : running.name(), e);
        } finally {
            if (previousPhase == null) {
                Phases.leave(ctx.spark().sparkContext());
            }
        }
        // Merge into the summary as it is now, not as it was when the job started.
        ObjectNode summary = JsonFiles.readObjectIfExists(ctx.layout().summary(), ctx.hadoopConf());
        String previousAppId = summary.path("sparkApplicationId").asText("unknown");
        stale.forEach(summary::remove);
        summary.remove("failed");
        summary.setAll(sections);
        summary.put("job", job.cliName());
        summary.put("sparkApplicationId", ctx.spark().sparkContext().applicationId());
        summary.put("finishedAt", Instant.now().toString());
        summary.put("durationSeconds", ctx.progress().elapsedSeconds());
        summary.set("stepSeconds", stepSeconds);
        summary.set("paths", pipeline.paths().apply(ctx.layout()));
        // Energy per training example or token only when this application did the training.
        JsonNode train = workSection.<JsonNode>map(summary::path).orElse(MissingNode.getInstance());
        // Every application of the run counts: a re-run adds its own entry to the history, never replaces it.
        String appId = ctx.spark().sparkContext().applicationId();
        ApplicationHistory.merge(summary.path("energy"), previousAppId, EnergySection.of(ctx.spark(), train), appId,
                job.cliName(), ran, skipped).ifPresentOrElse(energy -> summary.set("energy", energy),
                () -> summary.remove("energy"));
        ApplicationHistory.merge(summary.path("carbon"), previousAppId, CarbonSection.of(ctx.spark(), train), appId,
                job.cliName(), ran, skipped).ifPresentOrElse(carbon -> summary.set("carbon", carbon),
                () -> summary.remove("carbon"));
        // No credentials of an input or output URI in the summary, nor in what is printed from it.
        io.greentrain.energy.config.UriRedaction.redactTextValues(summary);
        JsonFiles.write(summary, ctx.layout().summary(), ctx.hadoopConf());
        printSummary(job, pipeline, summary, ctx, out);
    }

    /**
     * After {@code failed} failed: records the sections of the steps that finished before it (run or
     * skipped) in {@code summary.json}, with the failure, so that a full disk or a crash keeps what
     * was committed. A summary that cannot be written either is logged, never thrown over the failure.
     */
    private static void keepCommittedSections(Job job, JobContext ctx, ObjectNode sections, Set<String> stale,
                                              Step failed, Throwable failure) {
        try {
            ObjectNode summary = JsonFiles.readObjectIfExists(ctx.layout().summary(), ctx.hadoopConf());
            stale.forEach(summary::remove);
            summary.setAll(sections);
            summary.put("job", job.cliName());
            ObjectNode failedSection = summary.putObject("failed");
            failedSection.put("step", failed == null ? job.cliName() : failed.name());
            failedSection.put("error", JobFailure.of(job.cliName(), Optional.ofNullable(failed).map(Step::name), failure)
                    .line().substring("error: ".length()));
            failedSection.put("at", Instant.now().toString());
            JsonFiles.write(summary, ctx.layout().summary(), ctx.hadoopConf());
        } catch (RuntimeException | Error e) {
            LOG.error("cannot record the finished steps in " + ctx.layout().summary(), e);
        }
    }

    /** The hash of the configuration {@code step} depends on ({@link Step#keyGroups()}), recorded in its marker. */
    public static String configHash(Step step, JobConfig config) {
        return config.hashOf(step.keyGroups().stream().map(KeyGroup::path).toList());
    }

    /**
     * What {@code step} reads, as a fingerprint: for the first step of the pipeline its
     * {@link Step#sourceFingerprint}, for later steps the upstream step and its commit id.
     *
     * @throws IllegalArgumentException when the upstream step has no marker
     */
    static String inputFingerprint(Pipeline pipeline, Step step, JobContext ctx) {
        Optional<Step> upstream = pipeline.upstreamOf(step);
        if (upstream.isEmpty()) {
            return step.sourceFingerprint(ctx);
        }
        String name = upstream.get().name();
        String markerPath = ctx.layout().marker(name);
        Optional<StepMarker> marker = StepMarker.read(markerPath, ctx.hadoopConf());
        if (marker.isEmpty()) {
            throw new IllegalArgumentException(step.name() + " needs the finished output of " + name
                    + ", but there is no marker " + markerPath + ": run " + name + " (or " + pipeline.name()
                    + ") first");
        }
        return name + ":" + marker.get().commitId();
    }

    /**
     * Runs one step as {@link RunLayout} describes: removes its marker and those of the steps after
     * it, its staging folder and its final outputs, enters its energy phase, runs it into the staging
     * folder, commits by rename, writes the marker.
     *
     * @return the step's sections of the summary
     */
    private static ObjectNode runStep(Pipeline pipeline, Step step, JobContext ctx, String input, String configHash) {
        RunLayout layout = ctx.layout();
        RunLayout staging = layout.staging(step.name());
        StagedOutputs outputs = new StagedOutputs(staging.outputDir(), layout.outputDir(), step.outputs(),
                ctx.hadoopConf());
        // Later steps' outputs were made from the ones this step replaces: they are no longer finished.
        for (Step later : pipeline.fromStep(step)) {
            StepMarker.delete(layout.marker(later.name()), ctx.hadoopConf());
            // Nor may their outputs outlive it: predict must not find a model made from other data.
            new StagedOutputs(layout.staging(later.name()).outputDir(), layout.outputDir(), later.outputs(),
                    ctx.hadoopConf()).removeFinalOutputs();
        }
        outputs.clearStaging();
        outputs.removeFinalOutputs();
        Phases.enter(ctx.spark().sparkContext(), step.name());
        ObjectNode produced;
        try (SmallInputQueries queries = SmallInputQueries.apply(ctx.spark(), step.inputBytes(ctx))) {
            produced = step.run(ctx, staging, input);
        }
        Set<String> undeclared = new LinkedHashSet<>();
        produced.fieldNames().forEachRemaining(undeclared::add);
        undeclared.removeAll(step.summarySections());
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException(step.name() + " returned summary sections it does not declare: " + undeclared);
        }
        outputs.commit();
        new StepMarker(step.name(), input, configHash, UUID.randomUUID().toString(), Instant.now().toString(),
                ctx.spark().sparkContext().applicationId(), produced).write(layout.marker(step.name()), ctx.hadoopConf());
        // A committed step is never resumed: its checkpoints (a training step's) would only let --force skip epochs.
        removeCheckpoints(layout.checkpoints(step.name()), ctx);
        return produced;
    }

    /** Removes a step's checkpoint folder (its epochs' checkpoints and the training monitor's state), if there is one. */
    static void removeCheckpoints(String folder, JobContext ctx) {
        Path path = new Path(folder);
        try {
            path.getFileSystem(ctx.hadoopConf()).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoints in " + folder, e);
        }
    }

    private static void printSummary(Job job, Pipeline pipeline, JsonNode summary, JobContext ctx, PrintStream out) {
        out.printf(Locale.ROOT, "%ngreentrain %s finished in %.1fs%n", job.cliName(), ctx.progress().elapsedSeconds());
        pipeline.steps().forEach(step -> step.printSummary(summary, out));
        JsonNode energy = summary.path("energy");
        if (!energy.isMissingNode()) {
            out.printf(Locale.ROOT, "  energy    %s, %.0f%% estimated; by step:",
                    EnergyUnits.energy(energy.path("joules").asDouble()), 100 * energy.path("estimatedShare").asDouble());
            energy.path("byStep").fields().forEachRemaining(step -> out.printf(Locale.ROOT, " %s %s", step.getKey(),
                    EnergyUnits.energy(step.getValue().path("joules").asDouble())));
            out.println();
        }
        JsonNode carbon = summary.path("carbon");
        if (!carbon.isMissingNode()) {
            out.printf(Locale.ROOT, "  carbon    %s CO2e location-based, %s market-based; embodied %s (PUE %s)%n",
                    EnergyUnits.mass(carbon.path("kgco2e").path("location").asDouble() * EnergyUnits.GRAMS_PER_KG),
                    EnergyUnits.mass(carbon.path("kgco2e").path("market").asDouble() * EnergyUnits.GRAMS_PER_KG),
                    EnergyUnits.mass(carbon.path("embodiedKg").asDouble() * EnergyUnits.GRAMS_PER_KG),
                    EnergyUnits.number(carbon.path("pue").asDouble()));
            out.printf("  ledger    %s%n", carbon.path("ledger").asText());
        }
        out.printf("  summary   %s%n", ctx.layout().summary());
    }

    /** Prints one line of regression metrics, when {@code metrics} is present. */
    static void printMetrics(PrintStream out, String name, JsonNode metrics) {
        if (!metrics.isMissingNode()) {
            out.printf(Locale.ROOT, "  %-9s RMSE %,.0f  MAE %,.0f  R2 %.4f  (%d rows)%n", name,
                    metrics.path("rmse").asDouble(), metrics.path("mae").asDouble(), metrics.path("r2").asDouble(),
                    metrics.path("rows").asLong());
        }
    }
}
