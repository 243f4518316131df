package io.greentrain.training.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.JsonFiles;
import io.greentrain.formats.SequenceManifest;
import io.greentrain.training.DistributedTrainer;
import io.greentrain.training.allreduce.EpochCheckpoints;
import io.greentrain.training.NetworkFiles;
import io.greentrain.training.TrainingEngine;
import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.TrainerSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Function;
import io.greentrain.training.stop.EpochCosts;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.TrainingMonitor;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A character-level language model: an LSTM network and the vocabulary whose ids it reads and
 * predicts, trained with parameter averaging on the sequence files of
 * {@code io.greentrain.preprocessing.text.tokenize.SequenceExporter}.
 *
 * <p>A model folder holds {@link #NETWORK_FILE} (DL4J's zip, without updater state),
 * {@link #VOCABULARY_FILE} and {@link #METADATA_FILE} (settings and the training results), on any
 * Hadoop file system. This class lives on the driver; it is not meant to be sent to executors.
 */
public final class CharLanguageModel {

    public static final String NETWORK_FILE = "network.zip";
    /** The validation metric the model is watched by, for early stopping and the best epoch: held-out perplexity. */
    public static final String MONITORED = "perplexity";
    public static final String VOCABULARY_FILE = "vocabulary.json";
    public static final String METADATA_FILE = "metadata.json";

    private static final String FORMAT = "greentrain-char-lm/1";
    private static final Logger LOG = LoggerFactory.getLogger(CharLanguageModel.class);

    private final MultiLayerNetwork network;
    private final CharVocabulary vocabulary;
    private final ObjectNode metadata;

    private CharLanguageModel(MultiLayerNetwork network, CharVocabulary vocabulary, ObjectNode metadata) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.metadata = metadata;
    }

    /**
     * Trains a new network on the train sequences with parameter averaging, measures held-out
     * perplexity on every held-out sequence (after each epoch too when
     * {@link LmSettings#evaluateEachEpoch()}), the unigram baseline on the same tokens, and samples
     * text from the result. Spark jobs are tagged {@code train/epoch-N} and {@code evaluate/...}.
     *
     * @param trainDirectory   a folder written by {@code SequenceExporter} for the train split
     * @param heldOutDirectory the same for the held-out split
     * @param vocabulary       the vocabulary both splits were encoded with
     * @throws IllegalArgumentException when the folders do not match each other, the vocabulary or
     *                                  the trainer's batch size
     */
    public static LmResult train(SparkSession spark, LmSettings settings, String trainDirectory,
                                 String heldOutDirectory, CharVocabulary vocabulary) {
        return train(spark, settings, new TrainingEngine(TrainingEngine.DL4J_PARAMETER_AVERAGING,
                AllreduceSettings.DEFAULTS), trainDirectory, heldOutDirectory, vocabulary);
    }

    /**
     * As {@link #train(SparkSession, LmSettings, String, String, CharVocabulary)}, with {@code engine}'s
     * trainer; keeps the last epoch's network and never stops early.
     */
    public static LmResult train(SparkSession spark, LmSettings settings, TrainingEngine engine,
                                 String trainDirectory, String heldOutDirectory, CharVocabulary vocabulary) {
        StopSettings lastEpoch = new StopSettings(MONITORED, false, 0, 0, null, false, 0, 0, false);
        return train(spark, settings, engine, trainDirectory, heldOutDirectory, vocabulary,
                validation -> new TrainingMonitor(lastEpoch, settings.trainer().epochs(), 1, validation,
                        EpochCosts.TIME_ONLY, line -> LOG.info("char LM: {}", line)));
    }

    /**
     * As {@link #train(SparkSession, LmSettings, TrainingEngine, String, String, CharVocabulary)},
     * watched by the monitor that {@code monitoring} makes from the model's validation (held-out
     * {@link #MONITORED perplexity} after each epoch when {@link LmSettings#evaluateEachEpoch()}, else
     * none): it may stop training early, and the model kept is the one it chooses
     * ({@link TrainingMonitor#keptNetwork}). The monitor is in the result.
     */
    public static LmResult train(SparkSession spark, LmSettings settings, TrainingEngine engine,
                                 String trainDirectory, String heldOutDirectory, CharVocabulary vocabulary,
                                 Function<TrainingMonitor.Validation, TrainingMonitor> monitoring) {
        return train(spark, settings, engine, trainDirectory, heldOutDirectory, vocabulary, monitoring, null);
    }

    /**
     * As {@link #train(SparkSession, LmSettings, TrainingEngine, String, String, CharVocabulary, Function)},
     * with the allreduce engine checkpointing every epoch to {@code checkpoints} and resuming from
     * its latest one (null: no checkpoints). A resumed run's epochs and history are those it trains;
     * its monitor says how many an earlier run finished ({@link TrainingMonitor#resumedEpochs()}).
     */
    public static LmResult train(SparkSession spark, LmSettings settings, TrainingEngine engine,
                                 String trainDirectory, String heldOutDirectory, CharVocabulary vocabulary,
                                 Function<TrainingMonitor.Validation, TrainingMonitor> monitoring,
                                 EpochCheckpoints checkpoints) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SequenceManifest train = SequenceManifest.read(trainDirectory, conf);
        SequenceManifest heldOut = SequenceManifest.read(heldOutDirectory, conf);
        checkCompatible(settings.trainer(), vocabulary, train, heldOut);
        int length = train.sequenceLength();

        MultiLayerNetwork initial = CharLstmNetworks.build(settings, vocabulary.size());
        UnigramModel unigram = new UnigramModel(train.labelTokenCounts());
        HeldOutEvaluator evaluator = new HeldOutEvaluator(sc, settings.trainer().workers());
        LOG.info("char LM: {} parameters, vocabulary {}, {} train sequences of {} in {} files, {} held-out sequences",
                initial.numParams(), vocabulary.size(), train.sequences(), length, train.paths().size(),
                heldOut.sequences());

        Map<Integer, HeldOutScore> scores = new HashMap<>();
        List<LmEpoch> epochs = new ArrayList<>();
        JavaRDD<String> paths = sc.parallelize(train.paths(),
                Math.min(train.paths().size(), settings.trainer().workers()));
        DistributedTrainer trainer = checkpoints == null ? engine.trainer(sc, settings.trainer(), settings.seed())
                : engine.trainer(sc, settings.trainer(), settings.seed(), checkpoints);
        TrainingMonitor monitor = monitoring.apply((stats, network) -> {
            double perplexity = Double.NaN;
            if (settings.evaluateEachEpoch()) {
                HeldOutScore score = evaluator.evaluate(network, heldOut.paths(), unigram,
                        "evaluate/epoch-" + stats.epoch());
                scores.put(stats.epoch(), score);
                perplexity = score.perplexity();
            }
            LmEpoch epoch = new LmEpoch(stats.epoch(), stats.trainLoss() / length, stats.seconds(), stats.examples(),
                    stats.examples() * length, perplexity);
            epochs.add(epoch);
            LOG.info("char LM epoch {}: train loss {} nats/token, {} s, {} tokens/s, held-out perplexity {}",
                    epoch.epoch(), epoch.trainLossPerToken(), epoch.seconds(), epoch.tokensPerSecond(), perplexity);
            return Double.isNaN(perplexity) ? Map.of() : Map.of(MONITORED, perplexity);
        });
        DistributedTrainer.Result result = trainer.fit(initial, paths, train.sequences(), monitor);
        MultiLayerNetwork kept = monitor.keptNetwork(result.network());
        HeldOutScore heldOutScore = scores.containsKey(monitor.keptEpoch())
                ? scores.get(monitor.keptEpoch())
                : evaluator.evaluate(kept, heldOut.paths(), unigram, "evaluate/held-out");
        LOG.info("char LM: held-out perplexity {} ({} bits/char), unigram baseline {}, over {} tokens",
                heldOutScore.perplexity(), heldOutScore.bitsPerToken(), heldOutScore.unigramPerplexity(),
                heldOutScore.tokens());
        String sample = TextSampler.sample(kept, vocabulary, settings.sample());

        ObjectNode metadata = JsonFiles.newObject();
        metadata.put("format", FORMAT);
        metadata.put("vocabularySize", vocabulary.size());
        metadata.put("sequenceLength", length);
        metadata.put("parameters", kept.numParams());
        metadata.set("settings", settingsJson(settings));
        CharLanguageModel model = new CharLanguageModel(kept, vocabulary, metadata);
        LmResult lmResult = new LmResult(model, epochs, train.sequences(), heldOutScore, sample, monitor);
        metadata.set("training", lmResult.toJson());
        return lmResult;
    }

    private static void checkCompatible(TrainerSettings trainer, CharVocabulary vocabulary, SequenceManifest train,
                                        SequenceManifest heldOut) {
        for (SequenceManifest split : List.of(train, heldOut)) {
            if (split.vocabularySize() != vocabulary.size()) {
                throw new IllegalArgumentException(split.directory() + " was encoded with a vocabulary of "
                        + split.vocabularySize() + " ids, not this one of " + vocabulary.size());
            }
            if (split.paths().isEmpty()) {
                throw new IllegalArgumentException(split.directory() + " holds no sequence files");
            }
        }
        if (train.sequenceLength() != heldOut.sequenceLength()) {
            throw new IllegalArgumentException("train sequences have " + train.sequenceLength()
                    + " tokens but held-out ones " + heldOut.sequenceLength());
        }
        if (train.batchSize() != trainer.batchSizePerWorker()) {
            throw new IllegalArgumentException("the train files hold " + train.batchSize()
                    + " sequences each but the trainer's batch size per worker is " + trainer.batchSizePerWorker()
                    + ": export the sequences again with the same batch size");
        }
    }

    /** The network; its recurrent state is reset by {@link #sample}. */
    public MultiLayerNetwork network() {
        return network;
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    /** The settings, sizes and training results recorded with the model (a copy). */
    public ObjectNode metadata() {
        return metadata.deepCopy();
    }

    /** Text generated by the model; see {@link TextSampler}. */
    public String sample(SampleSettings settings) {
        return TextSampler.sample(network, vocabulary, settings);
    }

    /** Writes the model folder {@code directory} (network, vocabulary, metadata), replacing those files. */
    public void save(String directory, Configuration conf) {
        Path dir = new Path(directory);
        NetworkFiles.save(network, new Path(dir, NETWORK_FILE).toString(), false, conf);
        vocabulary.save(new Path(dir, VOCABULARY_FILE).toString(), conf);
        JsonFiles.write(metadata, new Path(dir, METADATA_FILE).toString(), conf);
    }

    /**
     * Reads a model folder written by {@link #save}.
     *
     * @throws IllegalArgumentException when the metadata is not of this format or disagrees with the vocabulary
     */
    public static CharLanguageModel load(String directory, Configuration conf) {
        Path dir = new Path(directory);
        Path metadataPath = new Path(dir, METADATA_FILE);
        JsonNode metadata = JsonFiles.read(metadataPath.toString(), conf);
        if (!FORMAT.equals(metadata.path("format").asText()) || !metadata.isObject()) {
            throw new IllegalArgumentException(metadataPath + " is not character language model metadata (" + FORMAT + ")");
        }
        CharVocabulary vocabulary = CharVocabulary.load(new Path(dir, VOCABULARY_FILE).toString(), conf);
        if (vocabulary.size() != metadata.path("vocabularySize").asInt()) {
            throw new IllegalArgumentException(directory + ": the vocabulary has " + vocabulary.size()
                    + " ids but the model was trained on " + metadata.path("vocabularySize").asInt());
        }
        MultiLayerNetwork network = NetworkFiles.load(new Path(dir, NETWORK_FILE).toString(), conf);
        return new CharLanguageModel(network, vocabulary, (ObjectNode) metadata);
    }

    private static ObjectNode settingsJson(LmSettings settings) {
        ObjectNode node = JsonFiles.newObject();
        node.put("embeddingSize", settings.embeddingSize());
        node.put("lstmLayers", settings.lstmLayers());
        node.put("lstmSize", settings.lstmSize());
        node.put("learningRate", settings.learningRate());
        node.put("gradientClip", settings.gradientClip());
        node.put("seed", settings.seed());
        TrainerSettings trainer = settings.trainer();
        ObjectNode trainerNode = node.putObject("trainer");
        trainerNode.put("epochs", trainer.epochs());
        trainerNode.put("workers", trainer.workers());
        trainerNode.put("batchSizePerWorker", trainer.batchSizePerWorker());
        trainerNode.put("averagingFrequency", trainer.averagingFrequency());
        trainerNode.put("prefetchBatches", trainer.prefetchBatches());
        trainerNode.put("saveUpdater", trainer.saveUpdater());
        node.put("evaluateEachEpoch", settings.evaluateEachEpoch());
        ObjectNode sample = node.putObject("sample");
        sample.put("prompt", settings.sample().prompt());
        sample.put("length", settings.sample().length());
        sample.put("temperature", settings.sample().temperature());
        sample.put("seed", settings.sample().seed());
        return node;
    }
}
