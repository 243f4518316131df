package io.greentrain.jobs.config;

import static io.greentrain.energy.config.ValueCheck.atLeast;
import static io.greentrain.energy.config.ValueCheck.atLeastZeroAndBelowOne;
import static io.greentrain.energy.config.ValueCheck.noDuplicates;
import static io.greentrain.energy.config.ValueCheck.notBlank;
import static io.greentrain.energy.config.ValueCheck.notEmpty;
import static io.greentrain.energy.config.ValueCheck.notNegative;
import static io.greentrain.energy.config.ValueCheck.oneOf;
import static io.greentrain.energy.config.ValueCheck.positive;
import static io.greentrain.energy.config.ValueCheck.strictlyBetweenZeroAndOne;

import io.greentrain.energy.config.ValueCheck;
import io.greentrain.preprocessing.features.LabelTransformKind;
import io.greentrain.preprocessing.tabular.ColumnSpec;
import io.greentrain.preprocessing.tabular.ColumnType;
import io.greentrain.preprocessing.tabular.OutlierRule;
import io.greentrain.training.OptimizerSpec;
import io.greentrain.training.TrainingEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key of the greentrain jobs, with its type, doc and checks: the one place
 * keys are defined. Defaults live in {@code reference.conf} (a test checks that the two agree) and
 * {@code docs/configuration.md} is generated from this class by {@link ConfigReferenceDoc}.
 */
public final class GreentrainKeys {

    /** Filled by each key as it is created, so it must be declared before the keys. */
    private static final List<ConfigKey<?>> REGISTERED = new ArrayList<>();

    /** The activation names {@code model.activation} accepts; DL4J {@code Activation} names, lower case. */
    static final List<String> ACTIVATIONS = List.of("relu", "leakyrelu", "elu", "tanh", "sigmoid", "identity");

    // ---- fields of the objects in clean.columns ----

    static final ObjectField<String> COLUMN_NAME = ObjectField.required("name",
            ValueReader.STRING.check(notBlank()),
            "The column's name in the CSV header, matched exactly.");
    static final ObjectField<ColumnType> COLUMN_TYPE = ObjectField.withDefault("type",
            ValueReader.STRING.map(ColumnType::fromConfigName), "string",
            "string, long or double (int and integer mean long).");
    static final ObjectField<Boolean> COLUMN_REQUIRED = ObjectField.withDefault("required",
            ValueReader.BOOLEAN, true,
            "Whether a missing value (empty or a null token) sends the row to quarantine; if false it becomes null.");
    static final ObjectField<Double> COLUMN_MIN = ObjectField.optional("min", ValueReader.DOUBLE,
            "The smallest allowed value; numeric columns only.");
    static final ObjectField<Double> COLUMN_MAX = ObjectField.optional("max", ValueReader.DOUBLE,
            "The largest allowed value; numeric columns only.");
    static final ObjectField<List<String>> COLUMN_CATEGORIES = ObjectField.optional("categories",
            ValueReader.listOf(ValueReader.STRING, "list of strings"),
            "The allowed values; string columns only. Left out, any value is allowed.");

    /** A declared input column, read into a {@link ColumnSpec}. */
    static final ObjectSchema<ColumnSpec> COLUMN_OBJECT = new ObjectSchema<>("column object",
            List.of(COLUMN_NAME, COLUMN_TYPE, COLUMN_REQUIRED, COLUMN_MIN, COLUMN_MAX, COLUMN_CATEGORIES),
            fields -> new ColumnSpec(fields.get(COLUMN_NAME), fields.get(COLUMN_TYPE), fields.get(COLUMN_REQUIRED),
                    fields.get(COLUMN_MIN), fields.get(COLUMN_MAX), fields.get(COLUMN_CATEGORIES)));

    // ---- fields of the objects in clean.outliers ----

    static final ObjectField<String> OUTLIER_COLUMN = ObjectField.required("column",
            ValueReader.STRING.check(notBlank()),
            "The declared numeric column the rule looks at.");
    static final ObjectField<OutlierRule.Method> OUTLIER_METHOD = ObjectField.withDefault("method",
            ValueReader.STRING.map(OutlierRule::methodFromConfigName), "range",
            "range (fixed bounds min and max) or iqr (Tukey's fences from the data: `Q1 - k*IQR` to `Q3 + k*IQR`).");
    static final ObjectField<Double> OUTLIER_MIN = ObjectField.optional("min", ValueReader.DOUBLE,
            "The lower bound; method range only, which needs min, max or both.");
    static final ObjectField<Double> OUTLIER_MAX = ObjectField.optional("max", ValueReader.DOUBLE,
            "The upper bound; method range only.");
    static final ObjectField<Double> OUTLIER_K = ObjectField.withDefault("k", ValueReader.DOUBLE, 1.5,
            "The fence multiplier; method iqr only, must be positive.");
    static final ObjectField<OutlierRule.Action> OUTLIER_ACTION = ObjectField.withDefault("action",
            ValueReader.STRING.map(OutlierRule.Action::fromConfigName), "quarantine",
            "quarantine (the row goes to quarantine with reason outlier) or clip (the value is clipped to the nearest bound and the row kept).");

    /** An outlier rule, read into an {@link OutlierRule}. */
    static final ObjectSchema<OutlierRule> OUTLIER_OBJECT = new ObjectSchema<>("outlier object",
            List.of(OUTLIER_COLUMN, OUTLIER_METHOD, OUTLIER_MIN, OUTLIER_MAX, OUTLIER_K, OUTLIER_ACTION),
            GreentrainKeys::outlierRule);

    // ---- input and output ----

    public static final ConfigKey<List<String>> INPUT_PATHS = key("greentrain.input.paths")
            .doc("CSV files or directories of CSV files on any Hadoop file system (file://, hdfs://, s3a://; "
                    + "relative paths resolve against the default file system's working directory). "
                    + "The clean and pipeline jobs need at least one.")
            .readWith(listOfNonBlankStrings())
            .create();

    public static final ConfigKey<String> OUTPUT_DIR = key("greentrain.output.dir")
            .doc("The run's output folder.")
            .stringConf()
            .check(notBlank())
            .create();

    public static final ConfigKey<Integer> PROGRESS_INTERVAL_SECONDS = key("greentrain.progress.interval-seconds")
            .doc("While a Spark stage runs longer than this, print a progress line this often: its tasks done "
                    + "and the rows read so far; 0 prints none. Results do not depend on it.")
            .intConf()
            .check(atLeast(0))
            .create();

    // ---- cleaning ----

    public static final ConfigKey<Character> CLEAN_DELIMITER = key("greentrain.clean.delimiter")
            .doc("The CSV field separator; exactly one character.")
            .stringConf()
            .map(GreentrainKeys::singleCharacter)
            .create();

    public static final ConfigKey<Character> CLEAN_QUOTE = key("greentrain.clean.quote")
            .doc("The CSV quote character; exactly one character.")
            .stringConf()
            .map(GreentrainKeys::singleCharacter)
            .create();

    public static final ConfigKey<List<String>> CLEAN_NULL_VALUES = key("greentrain.clean.null-values")
            .doc("Values that mean missing, compared after trimming whitespace.")
            .readWith(ValueReader.listOf(ValueReader.STRING, "list of strings"))
            .create();

    public static final ConfigKey<Boolean> CLEAN_DEDUPLICATE = key("greentrain.clean.deduplicate")
            .doc("Whether exact duplicate rows (equal in every declared column) are removed.")
            .booleanConf()
            .create();

    public static final ConfigKey<List<ColumnSpec>> CLEAN_COLUMNS = key("greentrain.clean.columns")
            .doc("The declared input columns (see column objects below); names must be unique. "
                    + "Every job that cleans data needs at least one.")
            .readWith(ValueReader.listOf(COLUMN_OBJECT.reader(), "list of column objects"))
            .check(GreentrainKeys::duplicateColumnName)
            .create();

    public static final ConfigKey<List<OutlierRule>> CLEAN_OUTLIERS = key("greentrain.clean.outliers")
            .doc("Rules for outlying values of numeric columns (see outlier objects below), applied in order "
                    + "after type and range checks and duplicate removal.")
            .readWith(ValueReader.listOf(OUTLIER_OBJECT.reader(), "list of outlier objects"))
            .create();

    public static final ConfigKey<Double> CLEAN_MAX_QUARANTINED_FRACTION = key("greentrain.clean.max-quarantined-fraction")
            .doc("The largest share of data rows the clean step may quarantine, from 0 to 1. Above it the step fails "
                    + "(exit code 2) naming the column and reason that dominate, and leaves what it wrote in "
                    + "_staging/clean/ for inspection; 1 turns the guard off.")
            .doubleConf()
            .check(ValueCheck.of(v -> v >= 0 && v <= 1, v -> "must be from 0 to 1, got " + v))
            .create();

    // ---- features ----

    public static final ConfigKey<String> FEATURES_LABEL = key("greentrain.features.label")
            .doc("The column to predict: a declared numeric column. Jobs that build features or train need it.")
            .stringConf()
            .create();

    public static final ConfigKey<LabelTransformKind> FEATURES_LABEL_TRANSFORM = key("greentrain.features.label-transform")
            .doc("How the label is transformed for training: none, or log (the label must then be positive). "
                    + "Predictions are always mapped back.")
            .stringConf()
            .map(LabelTransformKind::fromConfigName)
            .create();

    public static final ConfigKey<List<String>> FEATURES_NUMERIC = key("greentrain.features.numeric")
            .doc("Numeric feature columns, standardised with train-split statistics. "
                    + "Empty means every declared numeric column except the label and the excluded ones.")
            .readWith(listOfNonBlankStrings())
            .check(noDuplicates())
            .create();

    public static final ConfigKey<List<String>> FEATURES_CATEGORICAL = key("greentrain.features.categorical")
            .doc("String feature columns, one-hot encoded with the categories of the train split. "
                    + "Empty means every declared string column except the excluded ones.")
            .readWith(listOfNonBlankStrings())
            .check(noDuplicates())
            .create();

    public static final ConfigKey<List<String>> FEATURES_EXCLUDE = key("greentrain.features.exclude")
            .doc("Declared columns that are never used as features.")
            .readWith(listOfNonBlankStrings())
            .check(noDuplicates())
            .create();

    public static final ConfigKey<List<String>> FEATURES_LOG1P = key("greentrain.features.log1p")
            .doc("Numeric feature columns replaced by log(1 + x) before scaling; each must declare min >= 0 in "
                    + "greentrain.clean.columns, so that log(1 + x) is defined for every kept row.")
            .readWith(listOfNonBlankStrings())
            .check(noDuplicates())
            .create();

    public static final ConfigKey<Double> FEATURES_SPLIT_TRAIN = key("greentrain.features.split.train")
            .doc("The fraction of rows in the train split, greater than 0 and less than 1. "
                    + "The three fractions must add up to 1.")
            .doubleConf()
            .check(strictlyBetweenZeroAndOne())
            .create();

    public static final ConfigKey<Double> FEATURES_SPLIT_VALIDATION = key("greentrain.features.split.validation")
            .doc("The fraction of rows in the validation split, at least 0 and less than 1.")
            .doubleConf()
            .check(atLeastZeroAndBelowOne())
            .create();

    public static final ConfigKey<Double> FEATURES_SPLIT_TEST = key("greentrain.features.split.test")
            .doc("The fraction of rows in the test split, greater than 0 and less than 1.")
            .doubleConf()
            .check(strictlyBetweenZeroAndOne())
            .create();

    public static final ConfigKey<Long> FEATURES_SPLIT_SEED = key("greentrain.features.split.seed")
            .doc("The seed of the split: a row's split depends only on its id and this seed.")
            .longConf()
            .create();

    // ---- model ----

    public static final ConfigKey<List<Integer>> MODEL_HIDDEN_LAYERS = key("greentrain.model.hidden-layers")
            .doc("The width of each dense hidden layer, input side first; at least one layer, each at least 1 wide.")
            .readWith(ValueReader.listOf(ValueReader.INT.check(atLeast(1)), "list of ints"))
            .check(notEmpty())
            .create();

    public static final ConfigKey<String> MODEL_ACTIVATION = key("greentrain.model.activation")
            .doc("The hidden layers' activation: one of " + String.join(", ", ACTIVATIONS) + ".")
            .stringConf()
            .check(oneOf(ACTIVATIONS))
            .create();

    public static final ConfigKey<Double> MODEL_LEARNING_RATE = key("greentrain.model.learning-rate")
            .doc("The optimiser's learning rate (the first one, under a schedule); greater than 0.")
            .doubleConf()
            .check(positive())
            .create();

    public static final ConfigKey<Double> MODEL_L2 = key("greentrain.model.l2")
            .doc("L2 weight decay; 0 for none.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<Long> MODEL_SEED = key("greentrain.model.seed")
            .doc("The seed for weight initialisation.")
            .longConf()
            .create();

    public static final ConfigKey<String> MODEL_OPTIMIZER = key("greentrain.model.optimizer")
            .doc("The optimiser: adam, adamw (Adam with decoupled weight decay greentrain.model.weight-decay) or "
                    + "sgd-momentum (SGD with Nesterov momentum greentrain.model.momentum).")
            .stringConf()
            .check(oneOf(OptimizerSpec.OPTIMIZERS))
            .create();

    public static final ConfigKey<Double> MODEL_MOMENTUM = key("greentrain.model.momentum")
            .doc("sgd-momentum: the momentum, in [0, 1).")
            .doubleConf()
            .check(atLeastZeroAndBelowOne())
            .create();

    public static final ConfigKey<Double> MODEL_WEIGHT_DECAY = key("greentrain.model.weight-decay")
            .doc("adamw: the decoupled weight decay (applied as learning rate x decay x weight after each step); "
                    + "0 for none.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<String> MODEL_LR_SCHEDULE = key("greentrain.model.lr-schedule")
            .doc("The learning-rate schedule, counted in minibatch steps: constant, step (multiplied by "
                    + "greentrain.model.lr-step-factor every greentrain.model.lr-step-epochs epochs) or cosine (half "
                    + "a cosine over greentrain.train.epochs, down to greentrain.model.lr-final-fraction of the rate).")
            .stringConf()
            .check(oneOf(OptimizerSpec.SCHEDULES))
            .create();

    public static final ConfigKey<Integer> MODEL_LR_STEP_EPOCHS = key("greentrain.model.lr-step-epochs")
            .doc("step schedule: epochs between two reductions of the learning rate; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Double> MODEL_LR_STEP_FACTOR = key("greentrain.model.lr-step-factor")
            .doc("step schedule: the factor each reduction multiplies the learning rate by, in (0, 1].")
            .doubleConf()
            .check(positive())
            .create();

    public static final ConfigKey<Double> MODEL_LR_FINAL_FRACTION = key("greentrain.model.lr-final-fraction")
            .doc("cosine schedule: the last learning rate as a fraction of the first, in [0, 1).")
            .doubleConf()
            .check(atLeastZeroAndBelowOne())
            .create();

    public static final ConfigKey<String> MODEL_DATA_TYPE = key("greentrain.model.data-type")
            .doc("The numeric precision of the network's parameters and activations: float, half or bfloat16 (ND4J "
                    + "data types). On the CPU backend half is not faster and Adam's default epsilon underflows in it "
                    + "(use sgd-momentum); DL4J refuses bfloat16 for a network.")
            .stringConf()
            .check(oneOf(io.greentrain.training.NetworkSpec.DATA_TYPES))
            .create();

    // ---- training ----

    public static final ConfigKey<Integer> TRAIN_EPOCHS = key("greentrain.train.epochs")
            .doc("Passes over the training minibatches; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_WORKERS = key("greentrain.train.workers")
            .doc("Parallel training workers (executor task slots), each training a copy of the network; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_BATCH_SIZE_PER_WORKER = key("greentrain.train.batch-size-per-worker")
            .doc("Examples per minibatch on a worker, and so the number of examples in each minibatch file; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_AVERAGING_FREQUENCY = key("greentrain.train.averaging-frequency")
            .doc("Minibatches each worker fits between two parameter averagings; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_PREFETCH_BATCHES = key("greentrain.train.prefetch-batches")
            .doc("Minibatches each worker loads ahead asynchronously; 0 turns prefetching off.")
            .intConf()
            .check(atLeast(0))
            .create();

    public static final ConfigKey<Boolean> TRAIN_SAVE_UPDATER = key("greentrain.train.save-updater")
            .doc("Whether the updater state (Adam's moments) is averaged along with the parameters and kept.")
            .booleanConf()
            .create();

    public static final ConfigKey<String> TRAIN_ENGINE = key("greentrain.train.engine")
            .doc("Which trainer runs: allreduce (our own engine: one Spark barrier stage per epoch, workers average "
                    + "directly with each other over TCP) or dl4j-paramavg (DL4J's parameter averaging through the "
                    + "driver; Spark 3.x only).")
            .stringConf()
            .check(oneOf(List.of(TrainingEngine.ALLREDUCE, TrainingEngine.DL4J_PARAMETER_AVERAGING)))
            .create();

    public static final ConfigKey<String> TRAIN_SYNC = key("greentrain.train.sync")
            .doc("How the allreduce engine keeps workers in step: gradient (gradients averaged every step, so N "
                    + "workers with batch b train as one JVM with batch N x b) or local-sgd (each worker takes "
                    + "greentrain.train.averaging-frequency steps, then parameters and Adam's state are averaged).")
            .stringConf()
            .check(oneOf(List.of("gradient", "local-sgd")))
            .create();

    public static final ConfigKey<Double> TRAIN_OUTER_LEARNING_RATE = key("greentrain.train.outer-lr")
            .doc("Allreduce engine, local-sgd: the learning rate of DiLoCo's outer step, SGD with Nesterov momentum "
                    + "on the averaged parameter delta (parameters before the round minus the replicas' mean after "
                    + "it). 1 with greentrain.train.outer-momentum 0 is plain averaging (the default, no outer step); "
                    + "DiLoCo used 0.7 with momentum 0.9. Must stay 1 with sync = gradient.")
            .doubleConf()
            .check(ValueCheck.of(v -> v > 0 && !v.isInfinite(), v -> "must be positive, got " + v))
            .create();

    public static final ConfigKey<Double> TRAIN_OUTER_MOMENTUM = key("greentrain.train.outer-momentum")
            .doc("Allreduce engine, local-sgd: the Nesterov momentum of the outer step (see "
                    + "greentrain.train.outer-lr), from 0 (no momentum) to below 1. Must stay 0 with sync = gradient.")
            .doubleConf()
            .check(ValueCheck.of(v -> v >= 0 && v < 1, v -> "must be from 0 to below 1, got " + v))
            .create();

    public static final ConfigKey<Integer> TRAIN_PEER_TIMEOUT_SECONDS = key("greentrain.train.peer-timeout-seconds")
            .doc("Allreduce engine: how long a worker waits for a peer's connection or data before the epoch "
                    + "fails with an error naming that peer; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_EPOCH_ATTEMPTS = key("greentrain.train.epoch-attempts")
            .doc("Allreduce engine: how many times an epoch runs before training fails; a failed epoch (a lost "
                    + "executor, a silent peer) runs again from its starting parameters; at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Integer> TRAIN_WARM_UP_STEPS = key("greentrain.train.warm-up-steps")
            .doc("Allreduce engine: the most steps a worker fits on a throwaway copy of a replica it has just built "
                    + "(first epoch, or a rebuild), to warm the JIT compiler up before the replica trains; it stops "
                    + "earlier when the time per step stops falling or after greentrain.train.warm-up-seconds. The "
                    + "trained parameters are the same with or without it; its time and energy count in the epoch's "
                    + "start-up. 0 turns it off.")
            .intConf()
            .check(atLeast(0))
            .create();

    public static final ConfigKey<Double> TRAIN_WARM_UP_SECONDS = key("greentrain.train.warm-up-seconds")
            .doc("Allreduce engine: the longest a worker's replica warm-up (greentrain.train.warm-up-steps) runs, "
                    + "seconds; 0 turns it off.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<String> TRAIN_TARGET = key("greentrain.train.target")
            .doc("The validation quality to reach, METRIC >= VALUE or METRIC <= VALUE: r2, rmse or mae for the "
                    + "tabular jobs (in the label's units, e.g. \"r2 >= 0.90\"), perplexity for the language model "
                    + "(e.g. \"perplexity <= 5\"). The epoch that first reaches it and the time, energy and gCO2e "
                    + "spent until then are recorded; empty for no target.")
            .stringConf()
            .create();

    public static final ConfigKey<Integer> TRAIN_STOP_PATIENCE = key("greentrain.train.stop.patience")
            .doc("Stop when the validation loss (RMSE; the language model's perplexity) has not improved by "
                    + "greentrain.train.stop.min-improvement for this many epochs; 0 never stops on a plateau.")
            .intConf()
            .check(atLeast(0))
            .create();

    public static final ConfigKey<Double> TRAIN_STOP_MIN_IMPROVEMENT = key("greentrain.train.stop.min-improvement")
            .doc("The smallest fall of the validation loss, in its own units, that counts as an improvement for "
                    + "greentrain.train.stop.patience.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<Boolean> TRAIN_STOP_ON_TARGET = key("greentrain.train.stop.on-target")
            .doc("Whether training stops at the first epoch that reaches greentrain.train.target.")
            .booleanConf()
            .create();

    public static final ConfigKey<Double> TRAIN_STOP_BUDGET_KWH = key("greentrain.train.stop.budget-kwh")
            .doc("An energy budget for the run, kWh: after each epoch, training stops when the energy the ledger "
                    + "has counted so far plus the forecast of the next epoch would exceed it. Needs the energy "
                    + "plugin; 0 for no budget.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<Double> TRAIN_STOP_BUDGET_GCO2E = key("greentrain.train.stop.budget-gco2e")
            .doc("A carbon budget for the run, gCO2e (location-based, PUE included), checked like "
                    + "greentrain.train.stop.budget-kwh. Needs the energy plugin with carbon accounting; 0 for no "
                    + "budget.")
            .doubleConf()
            .check(notNegative())
            .create();

    public static final ConfigKey<Boolean> TRAIN_STOP_RESTORE_BEST = key("greentrain.train.stop.restore-best")
            .doc("Whether the model kept is the best validated epoch's (lowest validation loss) rather than the "
                    + "last epoch's.")
            .booleanConf()
            .create();

    public static final ConfigKey<Integer> TRAIN_FORECAST_AFTER_EPOCHS = key("greentrain.train.forecast-after-epochs")
            .doc("After this many epochs, the run's total time, kWh and gCO2e for greentrain.train.epochs are "
                    + "forecast, printed and recorded (and compared with the actual figures at the end); at least 1.")
            .intConf()
            .check(atLeast(1))
            .create();

    // ---- the levers job's model compression ----

    public static final ConfigKey<Double> LEVERS_PRUNE_SPARSITY = key("greentrain.levers.prune.sparsity")
            .doc("levers: the share of the trained network's weights that global magnitude pruning sets to zero "
                    + "(smallest magnitudes across all layers, biases kept) before fine-tuning, in [0, 1); 0: no "
                    + "pruning.")
            .doubleConf()
            .check(atLeastZeroAndBelowOne())
            .create();

    public static final ConfigKey<Integer> LEVERS_PRUNE_FINE_TUNE_EPOCHS = key("greentrain.levers.prune.fine-tune-epochs")
            .doc("levers: passes over the training minibatches that fine-tune a pruned network on the driver, the "
                    + "pruned weights held at zero; 0: none.")
            .intConf()
            .check(atLeast(0))
            .create();

    public static final ConfigKey<String> LEVERS_QUANTIZE = key("greentrain.levers.quantize")
            .doc("levers: post-training weight quantisation of the (pruned) network before it is evaluated: none, "
                    + "or int8 (symmetric, one scale per weight matrix; quantised then dequantised, biases in float).")
            .stringConf()
            .check(oneOf(List.of("none", "int8")))
            .create();

    private GreentrainKeys() {
    }

    /** Every key, in the order defined above (the order of the reference), then the {@link TextKeys}. */
    public static List<ConfigKey<?>> all() {
        List<ConfigKey<?>> all = new ArrayList<>(REGISTERED);
        for (ConfigKey<?> key : TextKeys.all()) {
            if (all.stream().anyMatch(existing -> existing.path().equals(key.path()))) {
                throw new IllegalStateException("configuration key " + key.path() + " is defined twice");
            }
            all.add(key);
        }
        return Collections.unmodifiableList(all);
    }

    private static ConfigKey.Builder key(String path) {
        return ConfigKey.builder(path, GreentrainKeys::register);
    }

    private static void register(ConfigKey<?> key) {
        if (REGISTERED.stream().anyMatch(existing -> existing.path().equals(key.path()))) {
            throw new IllegalStateException("configuration key " + key.path() + " is defined twice");
        }
        REGISTERED.add(key);
    }

    private static ValueReader<List<String>> listOfNonBlankStrings() {
        return ValueReader.listOf(ValueReader.STRING.check(notBlank()), "list of strings");
    }

    private static char singleCharacter(String value) {
        if (value.length() != 1) {
            throw new IllegalArgumentException("must be exactly one character, got \"" + value + "\"");
        }
        return value.charAt(0);
    }

    private static Optional<String> duplicateColumnName(List<ColumnSpec> columns) {
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (columns.get(i).name().equals(columns.get(j).name())) {
                    return Optional.of("column '" + columns.get(i).name() + "' is declared twice, at ["
                            + j + "] and [" + i + "]");
                }
            }
        }
        return Optional.empty();
    }

    private static OutlierRule outlierRule(ObjectSchema.FieldValues fields) {
        OutlierRule.Method method = fields.get(OUTLIER_METHOD);
        if (method == OutlierRule.Method.RANGE && fields.isSet(OUTLIER_K)) {
            throw new IllegalArgumentException("k only applies to method iqr");
        }
        if (method == OutlierRule.Method.IQR && (fields.isSet(OUTLIER_MIN) || fields.isSet(OUTLIER_MAX))) {
            throw new IllegalArgumentException("min and max only apply to method range");
        }
        return new OutlierRule(fields.get(OUTLIER_COLUMN), method, fields.get(OUTLIER_MIN), fields.get(OUTLIER_MAX),
                fields.get(OUTLIER_K), fields.get(OUTLIER_ACTION));
    }
}
