package io.greentrain.jobs;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.formats.MinibatchFolder;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.features.LabelTransform;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.EpochStats;
import io.greentrain.training.LabelDecoder;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.DriverRegressionSet;
import io.greentrain.training.NetworkPredictor;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.RegressionMetrics;
import io.greentrain.training.RegressionNetworks;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.OptimizerSpec;
import io.greentrain.training.TrainingEngine;
import io.greentrain.training.stop.JvmClocks;
import io.greentrain.training.stop.MonitorCheckpoints;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.TrainingMonitor;
import io.greentrain.training.allreduce.EpochCheckpoints;
import io.greentrain.training.allreduce.SyncMode;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.jobs.config.KeyGroup;
import io.greentrain.training.gpu.GpuBinding;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Step 3: trains the network with parameter averaging on the train minibatch files, reporting the
 * validation metrics (in the label's units) after every epoch, and saves the model folder.
 */
final class TrainStep implements Step {

    static final String PREDICTION = "prediction";

    /** The folder of training minibatch files when not the convert's; null for the convert's. */
    private final String trainMinibatches;

    /** Trains on the minibatch files that {@code convert} wrote. */
    TrainStep() {
        this(null);
    }

    /**
     * Trains on the minibatch files in {@code trainMinibatches}, which hold the same training examples
     * as the convert's cut into {@code greentrain.train.batch-size-per-worker} examples each: how the
     * levers job tries another batch size without converting again. Null: the convert's files.
     */
    TrainStep(String trainMinibatches) {
        this.trainMinibatches = trainMinibatches;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "train the network data-parallel (greentrain.train.engine), validating after every epoch";
    }

    @Override
    public List<String> outputs() {
        return List.of("model/network.zip", "model/metadata.json", "model/job.conf");
    }

    @Override
    public List<KeyGroup> keyGroups() {
        return List.of(KeyGroup.section("greentrain.model"), KeyGroup.section("greentrain.train"));
    }

    @Override
    public List<String> summarySections() {
        return List.of("train", "validation");
    }

    @Override
    public void validate(JobConfig config) {
        config.networkSpec();
        config.trainerSettings();
        stopSettings(config, true);
    }

    @Override
    public Optional<String> workSection() {
        return Optional.of("train");
    }

    /**
     * Runs the step, writing into {@code out}; returns the {@code train} section and, when there is
     * a validation split, the {@code validation} section with the last epoch's metrics.
     */
    @Override
    public ObjectNode run(JobContext ctx, RunLayout out, String input) {
        ObjectNode summary = JsonFiles.newObject();
        RunLayout layout = ctx.layout();
        JsonNode features = JsonFiles.read(layout.model().features(), ctx.hadoopConf());
        LabelTransform labelTransform = ConvertStep.labelTransform(features);
        String label = features.path("labelTransform").path("label").asText();
        int featureCount = features.path("featureCount").asInt();
        NetworkSpec networkSpec = ctx.config().networkSpec();
        TrainerSettings settings = ctx.config().trainerSettings();
        if (trainMinibatches == null && features.path("minibatchSize").asInt() != settings.batchSizePerWorker()) {
            throw new IllegalArgumentException("the minibatch files hold " + features.path("minibatchSize").asInt()
                    + " examples each but greentrain.train.batch-size-per-worker is " + settings.batchSizePerWorker()
                    + ": run convert again with the same setting");
        }

        List<String> files = listMinibatches(ctx,
                trainMinibatches != null ? trainMinibatches : layout.minibatches(FeatureConverter.TRAIN));
        long trainExamples = features.path("splitRows").path(FeatureConverter.TRAIN).asLong();
        JavaRDD<String> paths = ctx.jsc().parallelize(files, Math.min(files.size(), settings.workers()));
        Dataset<Row> validation = ctx.spark().read().parquet(layout.examples())
                .filter(col(FeatureConverter.SPLIT).equalTo(FeatureConverter.VALIDATION))
                .persist(StorageLevel.MEMORY_AND_DISK());
        boolean validate = !validation.isEmpty();
        LabelDecoder decoder = labelTransform::decode;
        // A small validation split is scored on the driver after each epoch, without a Spark job per epoch.
        Optional<DriverRegressionSet> validationOnDriver = validate ? DriverRegressionSet.collectIfSmall(validation,
                FeatureConverter.FEATURES, label, DriverRegressionSet.MAX_VALUES) : Optional.empty();

        Map<Integer, RegressionMetrics> validationMetrics = new TreeMap<>();
        int workers = Math.min(files.size(), settings.workers());
        int stepsPerEpoch = (files.size() + workers - 1) / workers;
        MultiLayerNetwork initial = RegressionNetworks.build(networkSpec, featureCount, stepsPerEpoch, settings.epochs());
        TrainingEngine engine = ctx.config().trainingEngine();
        ctx.progress().report("train", "%d parameters, %d workers, %d minibatch files of %d, %s, %s, %d epochs",
                initial.numParams(), settings.workers(), files.size(), settings.batchSizePerWorker(),
                engine.describe(settings), networkSpec.optimizer().describe(), settings.epochs());
        long parameters = initial.numParams();
        // The model's size is a functional unit of the ledger's SCI section (score per parameter).
        io.greentrain.energy.EnergyPlugin.recordWork(ctx.spark().sparkContext(), "train", "parameters", parameters);
        TrainingMonitor.Validation validating = (stats, network) -> {
            // The carbon ledger gets the examples each epoch really fitted, for energy per example, and the
            // training FLOPs they cost: ~ 6 x parameters x examples for dense layers (SciScore.FLOPS_FORMULA).
            io.greentrain.energy.EnergyPlugin.recordWork(ctx.spark().sparkContext(), "train/epoch-" + stats.epoch(),
                    io.greentrain.energy.ledger.WorkRecord.EXAMPLES, stats.examples());
            trainingFlops(parameters, stats.examples()).ifPresent(flops -> io.greentrain.energy.EnergyPlugin
                    .recordWork(ctx.spark().sparkContext(), "train/epoch-" + stats.epoch(), "flops", flops));
            Map<String, Double> metricsByName = new LinkedHashMap<>();
            String validationText = "";
            if (validate) {
                RegressionMetrics metrics = validationOnDriver.map(set -> set.evaluate(network, decoder))
                        .orElseGet(() -> RegressionMetrics.of(NetworkPredictor.predict(validation, network,
                                FeatureConverter.FEATURES, PREDICTION, decoder), label, PREDICTION));
                validationMetrics.put(stats.epoch(), metrics);
                metricsByName.put("rmse", metrics.rmse());
                metricsByName.put("mae", metrics.mae());
                metricsByName.put("r2", metrics.r2());
                validationText = String.format(Locale.ROOT, " validation rmse %,.0f mae %,.0f r2 %.4f",
                        metrics.rmse(), metrics.mae(), metrics.r2());
            }
            ctx.progress().report("train", "epoch %d/%d loss %.5f%s, %,.0f examples/s, %.1fs",
                    stats.epoch(), settings.epochs(), stats.trainLoss(), validationText, stats.examplesPerSecond(),
                    stats.seconds());
            return metricsByName;
        };
        TrainingMonitor monitor = new TrainingMonitor(stopSettings(ctx.config(), validate), settings.epochs(),
                ctx.config().forecastAfterEpochs(), validating,
                TrainingOutcome.costs(ctx.spark().sparkContext(), ctx.config().stopSettings("rmse", false)),
                line -> ctx.progress().report("train", "%s", line), JvmClocks.jvm());
        if (input != null) {
            // Beside the trainer's checkpoints: early stopping and the best network survive a resume too.
            monitor.persistingTo(new MonitorCheckpoints(ctx.layout().checkpoints(name()) + "/monitor", ctx.hadoopConf()));
        }
        DistributedTrainer trainer = input == null ? engine.trainer(ctx.jsc(), settings, networkSpec.seed())
                : engine.trainer(ctx.jsc(), settings, networkSpec.seed(), checkpoints(ctx, input));
        DistributedTrainer.Result result = trainer.fit(initial, paths, trainExamples, monitor);
        MultiLayerNetwork kept = monitor.keptNetwork(result.network());
        if (validate && !validationMetrics.containsKey(monitor.keptEpoch())) {
            // Resumed from the checkpoint of the last epoch (the crash came after training): nothing was
            // trained or validated here, so the kept network is validated now.
            validationMetrics.put(monitor.keptEpoch(), RegressionMetrics.of(
                    NetworkPredictor.predict(validation, kept, FeatureConverter.FEATURES, PREDICTION, decoder),
                    label, PREDICTION));
        }
        validation.unpersist(false);

        ArrayNode history = JsonFiles.MAPPER.createArrayNode();
        for (TrainingMonitor.EpochRecord record : monitor.records()) {
            EpochStats stats = record.stats();
            ObjectNode epoch = history.addObject();
            epoch.put("epoch", stats.epoch());
            epoch.put("trainLoss", stats.trainLoss());
            epoch.put("seconds", stats.seconds());
            epoch.put("startupSeconds", stats.startupSeconds());
            if (Double.isFinite(record.validationSeconds())) {
                // After the epoch's seconds but inside its energy phase: its joules cover them.
                epoch.put("validationSeconds", record.validationSeconds());
                epoch.put("costingSeconds", record.costingSeconds());
            }
            if (Double.isFinite(record.compilation().compileSeconds())) {
                // The driver JVM's JIT compiler and process while the epoch trained (all of training's in local
                // mode), and the epoch's seconds that the forecast takes another epoch to repeat.
                epoch.put("compileSeconds", record.compilation().compileSeconds());
                epoch.put("cpuSeconds", record.compilation().cpuSeconds());
                epoch.put("repeatableSeconds", stats.seconds() * record.repeatableShare());
            }
            epoch.put("examples", stats.examples());
            epoch.put("iterations", stats.iterations());
            epoch.put("examplesPerSecond", stats.examplesPerSecond());
            if (Double.isFinite(record.cost().joules())) {
                epoch.put("joules", record.cost().joules());
            }
            if (Double.isFinite(record.cost().grams())) {
                epoch.put("gco2e", record.cost().grams());
            }
            if (validationMetrics.containsKey(stats.epoch())) {
                epoch.set("validation", EvaluateStep.metricsJson(validationMetrics.get(stats.epoch())));
            }
        }

        NetworkFiles.save(kept, out.model().network(), settings.saveUpdater(), ctx.hadoopConf());
        ObjectNode train = JsonFiles.newObject();
        train.put("epochs", settings.epochs());
        train.put("workers", settings.workers());
        train.put("batchSizePerWorker", settings.batchSizePerWorker());
        train.put("averagingFrequency", settings.averagingFrequency());
        train.put("engine", engine.name());
        if (engine.name().equals(TrainingEngine.ALLREDUCE)) {
            train.put("sync", engine.allreduce().mode() == SyncMode.GRADIENT ? "gradient" : "local-sgd");
            train.put("outerLearningRate", engine.allreduce().outerLearningRate());
            train.put("outerMomentum", engine.allreduce().outerMomentum());
        }
        train.put("prefetchBatches", settings.prefetchBatches());
        train.put("saveUpdater", settings.saveUpdater());
        train.put("parameters", kept.numParams());
        train.set("optimizer", optimizerJson(networkSpec.optimizer(), networkSpec.learningRate()));
        train.put("examplesPerEpoch", trainExamples);
        train.put("examplesTrained", result.epochs().stream().mapToLong(EpochStats::examples).sum());
        train.put("iterations", result.epochs().stream().mapToLong(EpochStats::iterations).sum());
        train.put("seconds", result.epochs().stream().mapToDouble(EpochStats::seconds).sum());
        train.put("finalTrainLoss", result.epochs().get(result.epochs().size() - 1).trainLoss());
        train.set("gpuBindings", gpuBindings(result.gpuBindings()));
        if (result.resumedFromEpoch() > 0) {
            train.put("resumedFromEpoch", result.resumedFromEpoch());
        } else {
            train.putNull("resumedFromEpoch");
        }
        TrainingOutcome.record(ctx.spark().sparkContext(), monitor, settings.epochs(), train);
        train.set("history", history);
        summary.set("train", train);
        if (validationMetrics.containsKey(monitor.keptEpoch())) {
            // The kept network's metrics: the best validated epoch's when it is restored.
            summary.set("validation", EvaluateStep.metricsJson(validationMetrics.get(monitor.keptEpoch())));
        }
        writeMetadata(ctx, out, features, train);
        return summary;
    }

    /**
     * Where the allreduce engine checkpoints this step's epochs ({@link RunLayout#checkpoints}), with a
     * run key of the step's input and configuration: a run of the step again after a crash resumes
     * from the last complete epoch only when both are unchanged.
     */
    private EpochCheckpoints checkpoints(JobContext ctx, String input) {
        return new EpochCheckpoints(ctx.layout().checkpoints(name()),
                input + " " + JobRunner.configHash(this, ctx.config()), ctx.hadoopConf());
    }

    /** The {@code train} line, then the {@code validation} metrics. */
    @Override
    public void printSummary(JsonNode summary, PrintStream out) {
        JsonNode train = summary.path("train");
        if (!train.isMissingNode()) {
            int epochs = train.path("epochs").asInt();
            int run = train.path("epochsRun").asInt(epochs);
            out.printf(Locale.ROOT, "  train     %s epochs, %d workers, final loss %.5f, %.1fs%s%n",
                    run == epochs ? Integer.toString(epochs) : run + " of " + epochs, train.path("workers").asInt(),
                    train.path("finalTrainLoss").asDouble(), train.path("seconds").asDouble(),
                    train.path("resumedFromEpoch").isInt()
                            ? "; resumed at epoch " + train.path("resumedFromEpoch").asInt() + " from a checkpoint" : "");
        }
        TrainingOutcome.print(train, out);
        JobRunner.printMetrics(out, "validation", summary.path("validation"));
    }

    /**
     * The stop settings for the tabular network: the validation RMSE is the loss watched for the
     * plateau and the best epoch; the target names r2, rmse or mae.
     *
     * @throws IllegalArgumentException when a setting cannot apply to this run, naming the key
     */
    static StopSettings stopSettings(JobConfig config, boolean validates) {
        StopSettings stop = config.stopSettings("rmse", false);
        if (stop.target() != null && !List.of("r2", "rmse", "mae").contains(stop.target().metric())) {
            throw new IllegalArgumentException("greentrain.train.target: the tabular network reports r2, rmse and mae, "
                    + "not " + stop.target().metric());
        }
        if (!validates && (stop.patience() > 0 || stop.stopOnTarget())) {
            throw new IllegalArgumentException("greentrain.train.stop.patience and greentrain.train.stop.on-target "
                    + "need a validation split (greentrain.features.split.validation)");
        }
        return stop;
    }

    static ObjectNode optimizerJson(OptimizerSpec optimizer, double learningRate) {
        ObjectNode node = JsonFiles.newObject();
        node.put("name", optimizer.optimizer());
        node.put("learningRate", learningRate);
        node.put("schedule", optimizer.schedule());
        node.put("description", optimizer.describe());
        return node;
    }

    /**
     * The workers' GPU bindings, one entry per executor, address, device and outcome, with the
     * number of worker tasks it covers.
     */
    static ArrayNode gpuBindings(List<GpuBinding> bindings) {
        java.util.Map<List<Object>, Long> tasks = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (GpuBinding binding : bindings) {
            tasks.merge(java.util.Arrays.asList(binding.executorId(), binding.address(), binding.device(),
                    binding.outcome()), 1L, Long::sum);
        }
        ArrayNode array = JsonFiles.MAPPER.createArrayNode();
        tasks.forEach((key, count) -> {
            ObjectNode node = array.addObject();
            node.put("executorId", (String) key.get(0));
            node.put("address", (String) key.get(1));
            node.put("device", (Integer) key.get(2));
            node.put("outcome", (String) key.get(3));
            node.put("tasks", count);
        });
        return array;
    }

    private static void writeMetadata(JobContext ctx, RunLayout out, JsonNode features, ObjectNode train) {
        RunLayout layout = ctx.layout();
        ObjectNode metadata = JsonFiles.newObject();
        metadata.put("createdAt", java.time.Instant.now().toString());
        metadata.put("sparkApplicationId", ctx.spark().sparkContext().applicationId());
        JsonNode clean = JsonFiles.readObjectIfExists(layout.cleanReport(), ctx.hadoopConf());
        metadata.put("inputSha256", clean.path("inputSha256").asText(null));
        metadata.set("inputFiles", clean.path("inputFiles"));
        metadata.set("features", features);
        ObjectNode training = train.deepCopy();
        training.remove("history");
        // The model's metadata describes the model; what its training run cost in time and energy (the forecast,
        // the cost of reaching the target) belongs to the run and stays in summary.json.
        training.remove("forecast");
        if (training.path("target").isObject()) {
            ((ObjectNode) training.get("target")).remove(List.of("seconds", "joules", "kwh", "gco2e"));
        }
        metadata.set("training", training);
        metadata.set("versions", Versions.asJson(ctx.spark()));
        JsonFiles.write(metadata, out.model().metadata(), ctx.hadoopConf());
        JsonFiles.writeText(io.greentrain.energy.config.UriRedaction.redact(ctx.config().renderResolved()) + "\n",
                out.model().jobConfig(), ctx.hadoopConf());
    }

    private static List<String> listMinibatches(JobContext ctx, String directory) {
        List<String> files = MinibatchFolder.list(directory, ctx.hadoopConf());
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no minibatch files at " + directory + ": run convert first");
        }
        return files;
    }

    /**
     * Training FLOPs of {@code examples} examples through a dense network of {@code parameters} parameters: about
     * 6 per parameter and example (2 forward, 4 backward); empty when that overflows a long.
     */
    static java.util.OptionalLong trainingFlops(long parameters, long examples) {
        try {
            return java.util.OptionalLong.of(Math.multiplyExact(Math.multiplyExact(6L, parameters), examples));
        } catch (ArithmeticException e) {
            return java.util.OptionalLong.empty();
        }
    }
}
