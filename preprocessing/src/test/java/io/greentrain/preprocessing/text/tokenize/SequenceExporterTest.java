package io.greentrain.preprocessing.text.tokenize;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.SequenceManifest;
import io.greentrain.formats.VocabularySettings;
import io.greentrain.testsupport.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
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
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class SequenceExporterTest {

    private static final int DOCUMENTS = 120;
    private static final int LENGTH = 16;
    private static final int BATCH = 16;
    private static final SequenceSettings SETTINGS = new SequenceSettings(LENGTH, BATCH, 0.25, 11);

    private static SparkSession spark;
    private static Dataset<Row> corpus;
    private static CharVocabulary vocabulary;

    @TempDir
    static Path dir;

    private static SequenceExporter.Export export;

    /** Random words over "abcdefgh" of 20 to 60 characters; one document holds a single 'Z', too rare for the vocabulary. */
    @BeforeAll
    static void exportCorpus() {
        spark = LocalSpark.session("greentrain-preprocessing-tests");
        Random random = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            StringBuilder text = new StringBuilder();
            int length = 20 + random.nextInt(41);
            while (text.length() < length) {
                text.append(random.nextInt(5) == 0 ? ' ' : (char) ('a' + random.nextInt(8)));
            }
            if (i == 17) {
                text.setCharAt(3, 'Z');
            }
            rows.add(RowFactory.create("doc-" + i, text.toString()));
        }
        StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("text", DataTypes.StringType);
        corpus = spark.createDataFrame(rows, schema).repartition(3);
        vocabulary = VocabularyBuilder.build(corpus, "text", new VocabularySettings(100, 2));
        export = SequenceExporter.export(spark, corpus, vocabulary, SETTINGS, uri("train"), uri("held-out"));
    }

    private static String uri(String name) {
        return dir.resolve(name).toUri().toString();
    }

    private static List<DataSet> load(SequenceManifest split) {
        return split.paths().stream().map(p -> {
            DataSet batch = new DataSet();
            batch.load(new java.io.File(java.net.URI.create(p)));
            return batch;
        }).toList();
    }

    private static int[] tokensAt(INDArray array, int example) {
        int length = (int) array.size(2);
        int[] tokens = new int[length];
        for (int t = 0; t < length; t++) {
            tokens[t] = array.getInt(example, 0, t);
        }
        return tokens;
    }

    /** The split's stream computed here: documents in the exporter's order, each after a boundary. */
    private static List<Integer> expectedStream(Dataset<Row> documents) {
        List<Row> ordered = documents.withColumn("_order", SequenceExporter.documentOrder(SETTINGS))
                .orderBy("_order", "doc_id").select("text").collectAsList();
        List<Integer> stream = new ArrayList<>();
        for (Row row : ordered) {
            stream.add(CharVocabulary.BOUNDARY);
            Arrays.stream(vocabulary.encode(row.getString(0))).forEach(stream::add);
        }
        return stream;
    }

    @Test
    void writesFullFilesOfSequencesShapedOneByLengthWithLabelsShiftedByOne() {
        for (SequenceManifest split : List.of(export.train(), export.heldOut())) {
            List<DataSet> batches = load(split);
            assertThat(split.sequences()).isGreaterThan(BATCH);
            assertThat(batches).hasSize((int) ((split.sequences() + BATCH - 1) / BATCH));
            long total = 0;
            for (int b = 0; b < batches.size(); b++) {
                DataSet batch = batches.get(b);
                int n = batch.numExamples();
                assertThat(n).isEqualTo(b < batches.size() - 1 ? BATCH : (int) (split.sequences() - (long) b * BATCH));
                assertThat(batch.getFeatures().shape()).containsExactly(n, 1, LENGTH);
                assertThat(batch.getLabels().shape()).containsExactly(n, 1, LENGTH);
                for (int i = 0; i < n; i++) {
                    int[] input = tokensAt(batch.getFeatures(), i);
                    int[] labels = tokensAt(batch.getLabels(), i);
                    assertThat(Arrays.copyOfRange(input, 1, LENGTH)).containsExactly(Arrays.copyOfRange(labels, 0, LENGTH - 1));
                }
                total += n;
            }
            assertThat(total).isEqualTo(split.sequences());
        }
    }

    @Test
    void sequencesAreExactlyTheConsecutiveWindowsOfTheSplitsStream() {
        List<Integer> stream = expectedStream(CorpusSplit.train(corpus, SETTINGS));
        List<List<Integer>> expected = new ArrayList<>();
        for (int start = 0; start + LENGTH < stream.size(); start += LENGTH) {
            expected.add(stream.subList(start, start + LENGTH + 1));
        }

        List<List<Integer>> written = new ArrayList<>();
        for (DataSet batch : load(export.train())) {
            for (int i = 0; i < batch.numExamples(); i++) {
                List<Integer> window = new ArrayList<>();
                Arrays.stream(tokensAt(batch.getFeatures(), i)).forEach(window::add);
                int[] labels = tokensAt(batch.getLabels(), i);
                window.add(labels[LENGTH - 1]);
                written.add(window);
            }
        }

        assertThat(export.train().tokens()).isEqualTo(stream.size());
        assertThat(written).isNotEqualTo(expected).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void countsReconcileAcrossSplitsAndWithTheCorpus() {
        SequenceManifest train = export.train();
        SequenceManifest heldOut = export.heldOut();
        long characters = corpus.select("text").collectAsList().stream().mapToLong(r -> r.getString(0).codePointCount(0,
                r.getString(0).length())).sum();

        assertThat(train.documents() + heldOut.documents()).isEqualTo(DOCUMENTS);
        assertThat(train.tokens() + heldOut.tokens()).isEqualTo(characters + DOCUMENTS);
        assertThat(train.unknownTokens() + heldOut.unknownTokens()).isEqualTo(1);
        for (SequenceManifest split : List.of(train, heldOut)) {
            assertThat(split.sequences()).isEqualTo((split.tokens() - 1) / LENGTH);
            assertThat(split.droppedTokens()).isBetween(0L, (long) LENGTH - 1);
            assertThat(LongStream.of(split.labelTokenCounts()).sum()).isEqualTo(split.predictedTokens());
            assertThat(split.labelTokenCounts()).hasSize(vocabulary.size());
            assertThat(split.labelTokenCounts()[CharVocabulary.PADDING]).isZero();
        }
        assertThat(train.labelTokenCounts()[CharVocabulary.BOUNDARY]).isBetween(train.documents() - 2, train.documents());
    }

    @Test
    void theManifestReadsBackWithTheMinibatchFiles() {
        SequenceManifest read = SequenceManifest.read(uri("held-out"), new Configuration());

        assertThat(read.paths()).isEqualTo(export.heldOut().paths());
        assertThat(read.toJson()).isEqualTo(export.heldOut().toJson());
    }

    @Test
    void holdsOutTheSameDocumentsWhateverThePartitioningAndAboutTheRequestedShare() {
        List<String> heldOut = CorpusSplit.heldOut(corpus, SETTINGS).select("doc_id").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList().stream().sorted().toList();
        List<String> repartitioned = CorpusSplit.heldOut(corpus.repartition(7).orderBy(col("text")), SETTINGS)
                .select("doc_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
        List<String> otherSeed = CorpusSplit.heldOut(corpus, new SequenceSettings(LENGTH, BATCH, 0.25, 12))
                .select("doc_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();

        assertThat(repartitioned).isEqualTo(heldOut);
        assertThat(otherSeed).isNotEqualTo(heldOut);
        assertThat(heldOut.size()).isBetween(DOCUMENTS / 8, DOCUMENTS * 3 / 8);
        assertThat(export.heldOut().documents()).isEqualTo(heldOut.size());
    }

    @Test
    void rewritesByteIdenticalFilesWhateverThePartitioning() throws Exception {
        SequenceManifest again = SequenceExporter.exportSplit(spark, CorpusSplit.train(corpus.repartition(5), SETTINGS),
                vocabulary, SETTINGS, uri("train-again"), "train");

        assertThat(again.paths()).hasSameSizeAs(export.train().paths());
        for (int i = 0; i < again.paths().size(); i++) {
            byte[] first = Files.readAllBytes(Path.of(java.net.URI.create(export.train().paths().get(i))));
            byte[] second = Files.readAllBytes(Path.of(java.net.URI.create(again.paths().get(i))));
            assertThat(second).as(again.paths().get(i)).isEqualTo(first);
        }
    }

    @Test
    void aSplitTooShortForOneSequenceFailsNamingIt() {
        Dataset<Row> tiny = corpus.limit(1);

        assertThatThrownBy(() -> SequenceExporter.exportSplit(spark, tiny, vocabulary,
                new SequenceSettings(1_000, BATCH, 0.25, 11), uri("tiny"), "held-out"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("held-out split");
    }
}
