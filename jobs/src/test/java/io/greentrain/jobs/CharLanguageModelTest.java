package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.SequenceManifest;
import io.greentrain.formats.VocabularySettings;
import io.greentrain.energy.api.Phases;
import io.greentrain.preprocessing.text.tokenize.SequenceExporter;
import io.greentrain.preprocessing.text.tokenize.SequenceSettings;
import io.greentrain.preprocessing.text.tokenize.VocabularyBuilder;
import io.greentrain.testsupport.LocalSpark;
import io.greentrain.training.TrainerSettings;
import io.greentrain.training.lm.CharLanguageModel;
import io.greentrain.training.lm.LmEpoch;
import io.greentrain.training.lm.LmResult;
import io.greentrain.training.lm.LmSettings;
import io.greentrain.training.lm.SampleSettings;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A tiny LSTM trained end to end on a small, structured English corpus: sentences drawn with a
 * seed from a little grammar, so that a model that learns the words and their order predicts
 * characters far better than their frequencies alone. It lives here because it joins two stages:
 * preprocessing exports the sequences and training reads them, through the contracts of
 * {@code formats} only.
 */
class CharLanguageModelTest {

    private static final int LENGTH = 32;
    private static final int BATCH = 16;
    private static final int EPOCHS = 6;
    private static final SampleSettings SAMPLE = new SampleSettings("the cat ", 120, 0.8, 3);

    private static final String[] SUBJECTS = {"the cat", "the dog", "a bird", "my friend", "the old man", "a small child"};
    private static final String[] VERBS = {"sees", "likes", "finds", "wants", "follows"};
    private static final String[] OBJECTS = {"the ball", "a red apple", "the green house", "some bread", "the river"};
    private static final String[] ENDINGS = {".", " today.", " again."};

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static CharVocabulary vocabulary;
    private static SequenceExporter.Export export;
    private static LmSettings settings;
    private static LmResult result;

    @BeforeAll
    static void exportAndTrain() {
        spark = LocalSpark.session("greentrain-jobs-tests",
                Map.of("spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName()));
        Random random = new Random(42);
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 70; d++) {
            StringBuilder text = new StringBuilder();
            int sentences = 3 + random.nextInt(3);
            for (int s = 0; s < sentences; s++) {
                if (s > 0) {
                    text.append(' ');
                }
                text.append(pick(SUBJECTS, random)).append(' ').append(pick(VERBS, random)).append(' ')
                        .append(pick(OBJECTS, random)).append(pick(ENDINGS, random));
            }
            rows.add(RowFactory.create("doc-" + d, text.toString()));
        }
        StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("text", DataTypes.StringType);
        Dataset<Row> corpus = spark.createDataFrame(rows, schema);
        SequenceSettings sequences = new SequenceSettings(LENGTH, BATCH, 0.2, 9);
        vocabulary = VocabularyBuilder.build(corpus, "text", new VocabularySettings(200, 1));
        export = SequenceExporter.export(spark, corpus, vocabulary, sequences, uri("train"), uri("held-out"));

        settings = new LmSettings(16, 1, 64, 0.01, 1.0, 7,
                new TrainerSettings(EPOCHS, 2, BATCH, 2, 0, true), true, SAMPLE);
        result = CharLanguageModel.train(spark, settings, uri("train"), uri("held-out"), vocabulary);
    }

    private static String pick(String[] options, Random random) {
        return options[random.nextInt(options.length)];
    }

    private static String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    private static DataSet load(String path) {
        DataSet batch = new DataSet();
        batch.load(new File(URI.create(path)));
        return batch;
    }

    @Test
    void reachesAHeldOutPerplexityFarBelowTheUnigramBaseline() {
        assertThat(result.heldOut().tokens()).isEqualTo(export.heldOut().predictedTokens());
        assertThat(result.unigramPerplexity()).as("unigram perplexity").isGreaterThan(10);
        assertThat(result.perplexity()).as("model perplexity, unigram %s", result.unigramPerplexity())
                .isLessThan(result.unigramPerplexity() / 2);
    }

    @Test
    void reportsEveryEpochWithCountedTokensAndFallingHeldOutPerplexity() {
        List<LmEpoch> epochs = result.epochs();

        assertThat(epochs).extracting(LmEpoch::epoch).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(epochs).allSatisfy(epoch -> {
            assertThat(epoch.tokens()).isEqualTo(epoch.sequences() * LENGTH);
            // Parameter averaging may leave out a few sequences per epoch that do not fill a round.
            assertThat(epoch.sequences()).isBetween(export.train().sequences() / 2, export.train().sequences());
            assertThat(epoch.tokensPerSecond()).isPositive();
            assertThat(epoch.trainLossPerToken()).isPositive().isFinite();
        });
        assertThat(epochs.get(EPOCHS - 1).heldOutPerplexity()).isLessThan(epochs.get(0).heldOutPerplexity())
                .isEqualTo(result.perplexity());
        assertThat(result.trainingTokens()).isEqualTo(epochs.stream().mapToLong(LmEpoch::tokens).sum());
        assertThat(result.trainSequences()).isEqualTo(export.train().sequences());
    }

    @Test
    void distributedHeldOutCrossEntropyMatchesDl4jsOwnScore() {
        // DL4J's score of a sequence batch is its loss summed over time steps, averaged over sequences.
        double nats = 0;
        for (String path : export.heldOut().paths()) {
            DataSet batch = load(path);
            nats += result.model().network().score(batch) * batch.numExamples();
        }

        assertThat(result.heldOut().modelNats()).isCloseTo(nats, within(nats * 1e-4));
    }

    @Test
    void samplesTheRequestedNumberOfVocabularyCharactersRepeatably() {
        String sample = result.sample();

        assertThat(sample.codePointCount(0, sample.length())).isEqualTo(SAMPLE.length());
        assertThat(sample.codePoints()).allSatisfy(cp -> assertThat(vocabulary.idOf(cp)).isNotEqualTo(CharVocabulary.UNKNOWN));
        assertThat(result.model().sample(SAMPLE)).isEqualTo(sample);
        assertThat(result.model().sample(new SampleSettings("the cat ", 120, 0.8, 4))).isNotEqualTo(sample);
        assertThat(result.model().sample(new SampleSettings("", 5, 0, 1))).hasSize(5);
    }

    @Test
    void savesAndLoadsTheModelFolderWithItsVocabularyAndMetadata() {
        String folder = uri("model");
        result.model().save(folder, new Configuration());

        CharLanguageModel loaded = CharLanguageModel.load(folder, new Configuration());

        assertThat(dir.resolve("model").toFile().list()).contains(CharLanguageModel.NETWORK_FILE,
                CharLanguageModel.VOCABULARY_FILE, CharLanguageModel.METADATA_FILE);
        assertThat(loaded.vocabulary()).isEqualTo(vocabulary);
        assertThat(loaded.network().params()).isEqualTo(result.model().network().params());
        assertThat(loaded.sample(SAMPLE)).isEqualTo(result.sample());
        assertThat(loaded.metadata().path("training").path("perplexity").asDouble()).isEqualTo(result.perplexity());
        assertThat(loaded.metadata().path("settings").path("lstmSize").asInt()).isEqualTo(64);
    }

    @Test
    void refusesSequenceFilesCutForAnotherBatchSize() {
        LmSettings otherBatch = new LmSettings(16, 1, 64, 0.01, 1.0, 7,
                new TrainerSettings(1, 2, BATCH * 2, 2, 0, true), false, SAMPLE);

        assertThatThrownBy(() -> CharLanguageModel.train(spark, otherBatch, uri("train"), uri("held-out"), vocabulary))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch size");
    }

    @Test
    void leavesNoPhaseBehind() {
        assertThat(Phases.current(spark.sparkContext())).isNull();
        assertThat(SequenceManifest.read(uri("train"), new Configuration()).sequences()).isEqualTo(export.train().sequences());
    }
}
