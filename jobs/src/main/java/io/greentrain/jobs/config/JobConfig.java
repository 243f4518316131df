package io.greentrain.jobs.config;

import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_COLUMNS;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_DEDUPLICATE;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_DELIMITER;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_NULL_VALUES;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_OUTLIERS;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_QUOTE;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_LABEL;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_LABEL_TRANSFORM;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_LOG1P;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_SEED;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_TEST;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_TRAIN;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_VALIDATION;
import static io.greentrain.jobs.config.GreentrainKeys.INPUT_PATHS;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_ACTIVATION;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_HIDDEN_LAYERS;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_L2;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_LEARNING_RATE;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_DATA_TYPE;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_LR_FINAL_FRACTION;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_LR_SCHEDULE;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_LR_STEP_EPOCHS;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_LR_STEP_FACTOR;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_MOMENTUM;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_OPTIMIZER;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_SEED;
import static io.greentrain.jobs.config.GreentrainKeys.MODEL_WEIGHT_DECAY;
import static io.greentrain.jobs.config.GreentrainKeys.OUTPUT_DIR;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_AVERAGING_FREQUENCY;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_BATCH_SIZE_PER_WORKER;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_ENGINE;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_EPOCHS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_EPOCH_ATTEMPTS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_OUTER_LEARNING_RATE;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_OUTER_MOMENTUM;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_FORECAST_AFTER_EPOCHS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_PEER_TIMEOUT_SECONDS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_WARM_UP_SECONDS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_WARM_UP_STEPS;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_PREFETCH_BATCHES;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_SAVE_UPDATER;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_BUDGET_GCO2E;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_BUDGET_KWH;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_MIN_IMPROVEMENT;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_ON_TARGET;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_PATIENCE;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_STOP_RESTORE_BEST;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_SYNC;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_TARGET;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_WORKERS;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.greentrain.formats.VocabularySettings;
import io.greentrain.preprocessing.features.FeatureSpec;
import io.greentrain.preprocessing.features.SplitSpec;
import io.greentrain.preprocessing.tabular.CleaningSpec;
import io.greentrain.preprocessing.text.TextCleaningSpec;
import io.greentrain.preprocessing.text.tokenize.SequenceSettings;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.OptimizerSpec;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.TrainingEngine;
import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.allreduce.ReplicaWarmUp;
import io.greentrain.training.allreduce.SyncMode;
import io.greentrain.training.lm.LmSettings;
import io.greentrain.training.lm.SampleSettings;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.Target;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;

/**
 * A job's configuration, loaded, validated in full and turned into the domain specs the libraries
 * take. Once {@link #load} returns, every key is registered, every value has the right type and
 * range, and the keys agree with each other (split fractions add up to 1, every column a feature
 * or outlier key names is declared with the right type); later failures are never configuration
 * mistakes, except that a job asking for {@link #cleaningSpec()}, {@link #featureSpec()} or
 * {@link #requireInputPaths()} may find the settings it needs left empty.
 *
 * <p>Immutable and thread-safe. This class lives on the driver and is NOT meant to be serialized
 * and sent to executors: pass the {@code Serializable} specs it returns instead.
 */
public final class JobConfig {

    private final Config resolved;
    private final KeyValues values;
    private final CleaningSpec cleaningSpec;
    private final FeatureSpec featureSpec;
    private final NetworkSpec networkSpec;
    private final TrainerSettings trainerSettings;
    private final TrainingEngine trainingEngine;
    private final Target target;
    private final TextCleaningSpec textCleaningSpec;
    private final VocabularySettings vocabularySettings;
    private final SequenceSettings sequenceSettings;
    private final LmSettings lmSettings;

    private JobConfig(Config resolved) {
        this.resolved = resolved;
        this.values = KeyValues.readAll(resolved, GreentrainKeys.all());
        CrossKeyChecks.checkOutlierColumns(values);
        CrossKeyChecks.checkSplitAddsUpToOne(values);
        CrossKeyChecks.checkOuterStepNeedsLocalSgd(values);
        FeatureColumns featureColumns = FeatureColumns.resolve(values);
        this.cleaningSpec = values.get(CLEAN_COLUMNS).isEmpty() ? null : buildCleaningSpec();
        this.featureSpec = values.get(FEATURES_LABEL).isBlank() ? null : buildFeatureSpec(featureColumns);
        this.networkSpec = domain("greentrain.model", () -> new NetworkSpec(values.get(MODEL_HIDDEN_LAYERS),
                values.get(MODEL_ACTIVATION), values.get(MODEL_LEARNING_RATE), values.get(MODEL_L2), values.get(MODEL_SEED),
                new OptimizerSpec(values.get(MODEL_OPTIMIZER), values.get(MODEL_LR_SCHEDULE), values.get(MODEL_MOMENTUM),
                        values.get(MODEL_WEIGHT_DECAY), values.get(MODEL_LR_STEP_EPOCHS), values.get(MODEL_LR_STEP_FACTOR),
                        values.get(MODEL_LR_FINAL_FRACTION)), values.get(MODEL_DATA_TYPE)));
        this.trainerSettings = domain("greentrain.train", () -> new TrainerSettings(values.get(TRAIN_EPOCHS),
                values.get(TRAIN_WORKERS), values.get(TRAIN_BATCH_SIZE_PER_WORKER), values.get(TRAIN_AVERAGING_FREQUENCY),
                values.get(TRAIN_PREFETCH_BATCHES), values.get(TRAIN_SAVE_UPDATER)));
        this.trainingEngine = domain("greentrain.train", () -> new TrainingEngine(values.get(TRAIN_ENGINE),
                new AllreduceSettings(SyncMode.named(values.get(TRAIN_SYNC)), values.get(TRAIN_AVERAGING_FREQUENCY),
                        Duration.ofSeconds(values.get(TRAIN_PEER_TIMEOUT_SECONDS)), values.get(TRAIN_EPOCH_ATTEMPTS),
                        values.get(TRAIN_OUTER_LEARNING_RATE), values.get(TRAIN_OUTER_MOMENTUM),
                        new ReplicaWarmUp(values.get(TRAIN_WARM_UP_STEPS),
                                Duration.ofMillis(Math.round(1000 * values.get(TRAIN_WARM_UP_SECONDS)))))));
        this.target = values.get(TRAIN_TARGET).isBlank() ? null
                : domain(TRAIN_TARGET.path(), () -> Target.parse(values.get(TRAIN_TARGET), TARGET_METRICS));
        stopSettings(TARGET_METRICS.get(1), false);
        this.textCleaningSpec = domain("greentrain.text", () -> new TextCleaningSpec(TextKeys.readerSpec(values),
                TextKeys.normalizationSpec(values), TextKeys.qualityFilters(values),
                values.get(TextKeys.QUALITY_ENABLED), TextKeys.dedupSpec(values)));
        this.vocabularySettings = domain("greentrain.text.vocabulary", () -> TextKeys.vocabularySettings(values));
        this.sequenceSettings = domain("greentrain.text.sequence",
                () -> TextKeys.sequenceSettings(values, values.get(TRAIN_BATCH_SIZE_PER_WORKER)));
        this.lmSettings = domain("greentrain.lm", () -> new LmSettings(values.get(TextKeys.LM_EMBEDDING_SIZE),
                values.get(TextKeys.LM_LSTM_LAYERS), values.get(TextKeys.LM_LSTM_SIZE),
                values.get(TextKeys.LM_LEARNING_RATE), values.get(TextKeys.LM_GRADIENT_CLIP),
                values.get(TextKeys.LM_SEED), trainerSettings, values.get(TextKeys.LM_EVALUATE_EACH_EPOCH),
                new SampleSettings(values.get(TextKeys.LM_SAMPLE_PROMPT), values.get(TextKeys.LM_SAMPLE_LENGTH),
                        values.get(TextKeys.LM_SAMPLE_TEMPERATURE), values.get(TextKeys.LM_SAMPLE_SEED))));
    }

    /**
     * Loads and validates a job configuration. Precedence, highest first: {@code overrides} (later
     * ones win over earlier ones), the file at {@code configPathOrNull}, {@code reference.conf}.
     *
     * @param configPathOrNull a HOCON file on any Hadoop file system ({@code hdfs://...},
     *                         {@code s3a://...}, or a local path, relative ones resolved against the
     *                         working directory of the default file system); null for none
     * @param overrides        {@code key=value} strings, each value parsed as HOCON:
     *                         {@code greentrain.train.epochs=20},
     *                         {@code greentrain.input.paths=["a.csv","b.csv"]}
     * @param hadoopConf       opens the file; null means {@code new Configuration()} (Hadoop's
     *                         defaults and whatever site files are on the class path)
     * @throws ConfigException one line naming the key, file or override at fault: a missing or
     *                         unreadable file, a syntax error (with file and line), an override
     *                         without {@code =}, an unknown key (with a suggestion when one is
     *                         close), a badly typed or invalid value, or keys that do not fit together
     */
    public static JobConfig load(String configPathOrNull, List<String> overrides, Configuration hadoopConf) {
        Objects.requireNonNull(overrides, "overrides");
        Configuration effectiveHadoopConf = hadoopConf != null ? hadoopConf : new Configuration();
        Config resolved = ConfigSources.load(configPathOrNull, overrides, effectiveHadoopConf);
        UnknownKeyCheck.rejectUnknownKeys(resolved, GreentrainKeys.all());
        return new JobConfig(resolved);
    }

    /** The validated value of any registered key. */
    public <T> T get(ConfigKey<T> key) {
        return values.get(key);
    }

    /** {@code greentrain.input.paths}, possibly empty. */
    public List<String> inputPaths() {
        return values.get(INPUT_PATHS);
    }

    /**
     * {@code greentrain.input.paths}, for jobs that read input.
     *
     * @throws ConfigException when no input path is configured
     */
    public List<String> requireInputPaths() {
        List<String> paths = inputPaths();
        if (paths.isEmpty()) {
            throw new ConfigException(INPUT_PATHS.path() + ": at least one input path is required (give --input PATH "
                    + "or set " + INPUT_PATHS.path() + ")");
        }
        return paths;
    }

    /** {@code greentrain.output.dir}: the run's output folder, never blank. */
    public String outputDir() {
        return values.get(OUTPUT_DIR);
    }

    /**
     * What the cleaning step needs: the declared columns, CSV dialect, null tokens, outlier rules
     * and whether to deduplicate.
     *
     * @throws ConfigException when {@code greentrain.clean.columns} is empty
     */
    public CleaningSpec cleaningSpec() {
        if (cleaningSpec == null) {
            throw new ConfigException(CLEAN_COLUMNS.path() + ": at least one column must be declared");
        }
        return cleaningSpec;
    }

    /**
     * Which columns become features and how, with the empty feature lists resolved (see
     * {@link GreentrainKeys#FEATURES_NUMERIC}, {@link GreentrainKeys#FEATURES_CATEGORICAL}); the
     * minibatch size is {@code greentrain.train.batch-size-per-worker}.
     *
     * @throws ConfigException when {@code greentrain.features.label} is blank
     */
    public FeatureSpec featureSpec() {
        if (featureSpec == null) {
            throw new ConfigException(FEATURES_LABEL.path() + ": a label column is required");
        }
        return featureSpec;
    }

    /** The network's shape and optimiser, from {@code greentrain.model.*}. */
    public NetworkSpec networkSpec() {
        return networkSpec;
    }

    /** The metrics {@code greentrain.train.target} may name: the tabular jobs' and the language model's. */
    public static final List<String> TARGET_METRICS = List.of("r2", "rmse", "mae", "perplexity");

    /**
     * When training stops early and which network it keeps, from {@code greentrain.train.stop.*} and
     * {@code greentrain.train.target}, for a job whose validation loss is {@code monitored}.
     */
    public StopSettings stopSettings(String monitored, boolean higherIsBetter) {
        return domain("greentrain.train.stop", () -> new StopSettings(monitored, higherIsBetter,
                values.get(TRAIN_STOP_PATIENCE), values.get(TRAIN_STOP_MIN_IMPROVEMENT), target,
                values.get(TRAIN_STOP_ON_TARGET), values.get(TRAIN_STOP_BUDGET_KWH) * 3.6e6,
                values.get(TRAIN_STOP_BUDGET_GCO2E), values.get(TRAIN_STOP_RESTORE_BEST)));
    }

    /** The validation quality to reach ({@code greentrain.train.target}), or null for none. */
    public Target target() {
        return target;
    }

    /** The epochs after which the run is forecast ({@code greentrain.train.forecast-after-epochs}). */
    public int forecastAfterEpochs() {
        return values.get(TRAIN_FORECAST_AFTER_EPOCHS);
    }

    /** How parameter-averaging training runs, from {@code greentrain.train.*}. */
    public TrainerSettings trainerSettings() {
        return trainerSettings;
    }

    /** Which trainer runs and how its workers keep in step, from {@code greentrain.train.*}. */
    public TrainingEngine trainingEngine() {
        return trainingEngine;
    }

    /** How the text jobs read, normalise, filter and deduplicate a corpus, from {@code greentrain.text.*}. */
    public TextCleaningSpec textCleaningSpec() {
        return textCleaningSpec;
    }

    /** Which characters the language model's vocabulary keeps, from {@code greentrain.text.vocabulary.*}. */
    public VocabularySettings vocabularySettings() {
        return vocabularySettings;
    }

    /**
     * How cleaned documents become training sequences, from {@code greentrain.text.sequence.*}; the
     * sequences per file is {@code greentrain.train.batch-size-per-worker}.
     */
    public SequenceSettings sequenceSettings() {
        return sequenceSettings;
    }

    /** The character language model and its training, from {@code greentrain.lm.*} and {@code greentrain.train.*}. */
    public LmSettings lmSettings() {
        return lmSettings;
    }

    /**
     * The resolved {@code greentrain} tree as formatted JSON, keys sorted, for the run's metadata.
     * JSON is valid HOCON, so the result can be loaded again as a configuration file to repeat the run.
     */
    public String renderResolved() {
        return resolved.withOnlyPath(ConfigSources.ROOT).root()
                .render(ConfigRenderOptions.concise().setFormatted(true));
    }

    /**
     * The keys under {@code prefixes} whose resolved text holds {@code marker} anywhere (in a list or a nested
     * object too), in key order: for {@code predict}, which reloads a model's redacted {@code job.conf}, the values it
     * would read with a credential replaced by {@code REDACTED}. A list element is named by its index
     * ({@code greentrain.clean.columns.2.name}).
     */
    public List<String> keysHolding(String marker, List<String> prefixes) {
        java.util.SortedSet<String> found = new java.util.TreeSet<>();
        for (String prefix : prefixes) {
            if (resolved.hasPathOrNull(prefix)) {
                collectHolding(resolved.getValue(prefix), prefix, marker, found);
            }
        }
        return List.copyOf(found);
    }

    private static void collectHolding(com.typesafe.config.ConfigValue value, String path, String marker,
                                       java.util.Set<String> found) {
        switch (value.valueType()) {
            case OBJECT -> ((com.typesafe.config.ConfigObject) value).forEach((key, child) ->
                    collectHolding(child, path + "." + key, marker, found));
            case LIST -> {
                com.typesafe.config.ConfigList list = (com.typesafe.config.ConfigList) value;
                for (int i = 0; i < list.size(); i++) {
                    collectHolding(list.get(i), path + "." + i, marker, found);
                }
            }
            case STRING -> {
                if (((String) value.unwrapped()).contains(marker)) {
                    found.add(path);
                }
            }
            default -> {
            }
        }
    }

    /**
     * SHA-256 (lower-case hex) of the resolved values at {@code paths} (objects rendered with sorted
     * keys; an absent path counts as null), to tell whether the settings a step depends on changed.
     */
    public String hashOf(List<String> paths) {
        StringBuilder text = new StringBuilder();
        for (String path : paths) {
            text.append(path).append('=').append(resolved.hasPath(path)
                    ? resolved.getValue(path).render(ConfigRenderOptions.concise()) : "null").append('\n');
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private CleaningSpec buildCleaningSpec() {
        return domain("greentrain.clean", () -> new CleaningSpec(values.get(CLEAN_COLUMNS), values.get(CLEAN_DELIMITER),
                values.get(CLEAN_QUOTE), values.get(CLEAN_NULL_VALUES), values.get(CLEAN_OUTLIERS),
                values.get(CLEAN_DEDUPLICATE)));
    }

    private FeatureSpec buildFeatureSpec(FeatureColumns featureColumns) {
        SplitSpec split = domain("greentrain.features.split", () -> new SplitSpec(values.get(FEATURES_SPLIT_TRAIN),
                values.get(FEATURES_SPLIT_VALIDATION), values.get(FEATURES_SPLIT_TEST), values.get(FEATURES_SPLIT_SEED)));
        return domain("greentrain.features", () -> new FeatureSpec(values.get(FEATURES_LABEL),
                values.get(FEATURES_LABEL_TRANSFORM), featureColumns.numeric(), featureColumns.categorical(),
                values.get(FEATURES_LOG1P), split, values.get(TRAIN_BATCH_SIZE_PER_WORKER)));
    }

    /** Runs a domain constructor; its {@link IllegalArgumentException} becomes a ConfigException prefixed with {@code keyPrefix}. */
    private static <T> T domain(String keyPrefix, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyPrefix + ": " + e.getMessage(), e);
        }
    }
}
