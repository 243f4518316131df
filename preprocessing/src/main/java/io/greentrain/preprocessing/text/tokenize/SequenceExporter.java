package io.greentrain.preprocessing.text.tokenize;

import static io.greentrain.preprocessing.ColumnNames.quoted;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.SequenceManifest;
import io.greentrain.preprocessing.features.MinibatchFiles;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Turns a cleaned corpus into fixed-length training sequences in DL4J minibatch files.
 *
 * <p>Each split's documents are put in a seeded-hash order of their id and concatenated into one
 * token stream, each document preceded by {@link CharVocabulary#BOUNDARY}. The stream is cut into
 * sequences of {@code L + 1} tokens that overlap by one: sequence {@code k}'s input is
 * {@code stream[kL, kL + L)} and its labels {@code stream[kL + 1, kL + L + 1)}, so every token after
 * the first is predicted exactly once; a tail too short for another sequence is dropped and
 * counted. Sequences are then shuffled by a seeded hash of their index and written
 * {@link SequenceSettings#batchSize()} to a file by the executors, via {@link MinibatchFiles}.
 *
 * <p>Each file holds a DataSet whose features and labels are token ids as floats, both shaped
 * {@code [sequences, 1, L]}: the input of an {@code EmbeddingSequenceLayer} and the sparse labels
 * of {@code LossSparseMCXENT}, instead of one-hot arrays {@code vocabularySize} times larger.
 * Everything is decided by ids, seeds and counts, never by partitioning, so the files are the same
 * on every run.
 */
public final class SequenceExporter {

    private SequenceExporter() {
    }

    /** Both splits as written. */
    public record Export(SequenceManifest train, SequenceManifest heldOut) {
    }

    /**
     * Splits {@code corpus} ({@link CorpusSplit#DOC_ID} and {@link CorpusSplit#TEXT} columns) with
     * {@link CorpusSplit} and writes each split's sequences to its folder, replacing what is there.
     *
     * @throws IllegalArgumentException when a split is too short for a single sequence
     */
    public static Export export(SparkSession spark, Dataset<Row> corpus, CharVocabulary vocabulary,
                                SequenceSettings settings, String trainDirectory, String heldOutDirectory) {
        SequenceManifest train = exportSplit(spark, CorpusSplit.train(corpus, settings), vocabulary, settings,
                trainDirectory, "train");
        SequenceManifest heldOut = exportSplit(spark, CorpusSplit.heldOut(corpus, settings), vocabulary, settings,
                heldOutDirectory, "held-out");
        return new Export(train, heldOut);
    }

    /**
     * Writes the sequences of all of {@code documents} to {@code directory}, replacing what is
     * there, with a {@link SequenceManifest#MANIFEST}.
     *
     * @param splitName names the split in error messages
     * @throws IllegalArgumentException when the documents are too short for a single sequence
     */
    public static SequenceManifest exportSplit(SparkSession spark, Dataset<Row> documents, CharVocabulary vocabulary,
                                          SequenceSettings settings, String directory, String splitName) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int length = settings.sequenceLength();
        Broadcast<CharVocabulary> vocab = sc.broadcast(vocabulary);
        JavaRDD<int[]> encoded = documents
                .select(quoted(CorpusSplit.DOC_ID).cast("string").as(CorpusSplit.DOC_ID), quoted(CorpusSplit.TEXT))
                .withColumn("_order", documentOrder(settings))
                .orderBy("_order", CorpusSplit.DOC_ID, CorpusSplit.TEXT)
                .toJavaRDD()
                .map(row -> encodeDocument(row.getString(1), vocab.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<long[]> partitionTotals = encoded.mapPartitionsWithIndex((index, docs) -> {
                long[] total = {index, 0, 0, 0};
                docs.forEachRemaining(doc -> {
                    total[1]++;
                    total[2] += doc.length;
                    total[3] += Arrays.stream(doc).filter(id -> id == CharVocabulary.UNKNOWN).count();
                });
                return List.of(total).iterator();
            }, true).collect();
            long[] offsets = new long[encoded.getNumPartitions()];
            long documentCount = 0;
            long tokens = 0;
            long unknown = 0;
            List<long[]> sorted = new ArrayList<>(partitionTotals);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            for (long[] total : sorted) {
                offsets[(int) total[0]] = tokens;
                documentCount += total[1];
                tokens += total[2];
                unknown += total[3];
            }
            long sequences = tokens < 1 ? 0 : (tokens - 1) / length;
            if (sequences == 0) {
                throw new IllegalArgumentException("the " + splitName + " split holds " + documentCount
                        + " documents and " + tokens + " tokens, too few for one sequence of " + length
                        + " (+1) tokens");
            }
            Layout layout = new Layout(offsets, length, sequences, settings.seed());

            int vocabularySize = vocabulary.size();
            long[] labelCounts = encoded.mapPartitionsWithIndex(
                    (index, docs) -> List.of(layout.labelCounts(index, docs, vocabularySize)).iterator(), true)
                    .reduce(SequenceExporter::add);

            JavaRDD<int[]> ordered = encoded
                    .mapPartitionsWithIndex(layout::pieces, true)
                    .mapToPair(piece -> piece)
                    .groupByKey()
                    .mapToPair(pieces -> new Tuple2<>(
                            new Tuple2<>(layout.shuffleKey(pieces._1()), pieces._1()), layout.assemble(pieces)))
                    .sortByKey(new ShuffleOrder(), true)
                    .values();
            MinibatchFiles.Written written = MinibatchFiles.write(spark, ordered, directory, settings.batchSize(),
                    SequenceExporter::sequenceBatch);
            if (written.examples() != sequences) {
                throw new IllegalStateException(written.examples() + " sequences written, " + sequences + " expected");
            }
            SequenceManifest export = new SequenceManifest(directory, written.paths(), length, settings.batchSize(),
                    vocabulary.size(), documentCount, tokens, unknown, sequences, labelCounts);
            export.write(spark.sparkContext().hadoopConfiguration());
            return export;
        } finally {
            encoded.unpersist(false);
            vocab.destroy(false);
        }
    }

    /** The seeded hash of a document's id that orders the documents of a stream (ties by id, then text). */
    static Column documentOrder(SequenceSettings settings) {
        return xxhash64(lit(settings.seed() + 1), quoted(CorpusSplit.DOC_ID));
    }

    /** A document's tokens: the boundary, then one id per code point. */
    static int[] encodeDocument(String text, CharVocabulary vocabulary) {
        int[] ids = vocabulary.encode(text == null ? "" : text);
        int[] tokens = new int[ids.length + 1];
        tokens[0] = CharVocabulary.BOUNDARY;
        System.arraycopy(ids, 0, tokens, 1, ids.length);
        return tokens;
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += b[i];
        }
        return sum;
    }

    /** Sequences (input then labels, {@code L + 1} tokens each) to [n, 1, L] features and labels. */
    private static MinibatchFiles.ArrayBatch sequenceBatch(List<int[]> sequences) {
        int n = sequences.size();
        int length = sequences.get(0).length - 1;
        float[] features = new float[n * length];
        float[] labels = new float[n * length];
        for (int i = 0; i < n; i++) {
            int[] sequence = sequences.get(i);
            for (int t = 0; t < length; t++) {
                features[i * length + t] = sequence[t];
                labels[i * length + t] = sequence[t + 1];
            }
        }
        long[] shape = {n, 1, length};
        return new MinibatchFiles.ArrayBatch(features, shape, labels, shape.clone());
    }

    /** Orders sequences by their seeded hash, then by index. */
    private static final class ShuffleOrder implements Comparator<Tuple2<Long, Long>>, Serializable {
        @Override
        public int compare(Tuple2<Long, Long> a, Tuple2<Long, Long> b) {
            int byKey = Long.compare(a._1(), b._1());
            return byKey != 0 ? byKey : Long.compare(a._2(), b._2());
        }
    }

    /**
     * Where each token of the stream goes: the stream offset of each partition's first token, and
     * the sequences. Sequence {@code k} covers stream positions {@code [kL, kL + L]}.
     */
    private record Layout(long[] offsets, int length, long sequences, long seed) implements Serializable {

        /** The pieces of sequences a partition's documents hold: (sequence index, (start in sequence, tokens)). */
        Iterator<Tuple2<Long, Tuple2<Integer, int[]>>> pieces(int partition, Iterator<int[]> docs) {
            List<Tuple2<Long, Tuple2<Integer, int[]>>> pieces = new ArrayList<>();
            long position = offsets[partition];
            while (docs.hasNext()) {
                int[] doc = docs.next();
                long end = position + doc.length;
                // A sequence k starting at kL also needs the token at (k + 1)L, so a document may
                // feed the sequence before the one its first token falls into.
                long first = Math.max(0, (position - 1) / length);
                for (long k = first; k < sequences && k * length < end; k++) {
                    long from = Math.max(position, k * length);
                    long to = Math.min(end, k * length + length + 1);
                    if (from < to) {
                        int[] slice = Arrays.copyOfRange(doc, (int) (from - position), (int) (to - position));
                        pieces.add(new Tuple2<>(k, new Tuple2<>((int) (from - k * length), slice)));
                    }
                }
                position = end;
            }
            return pieces.iterator();
        }

        /** Sequence {@code pieces._1()} from its pieces; fails unless they fill it exactly. */
        int[] assemble(Tuple2<Long, Iterable<Tuple2<Integer, int[]>>> pieces) {
            int[] sequence = new int[length + 1];
            int filled = 0;
            for (Tuple2<Integer, int[]> piece : pieces._2()) {
                System.arraycopy(piece._2(), 0, sequence, piece._1(), piece._2().length);
                filled += piece._2().length;
            }
            if (filled != length + 1) {
                throw new IllegalStateException("sequence " + pieces._1() + " got " + filled + " tokens, "
                        + (length + 1) + " expected");
            }
            return sequence;
        }

        /** How often each id occurs at label positions {@code [1, sequences * L]} in a partition. */
        long[] labelCounts(int partition, Iterator<int[]> docs, int vocabularySize) {
            long[] counts = new long[vocabularySize];
            long lastLabel = sequences * length;
            long position = offsets[partition];
            while (docs.hasNext()) {
                int[] doc = docs.next();
                for (int i = 0; i < doc.length; i++) {
                    long p = position + i;
                    if (p >= 1 && p <= lastLabel) {
                        counts[doc[i]]++;
                    }
                }
                position += doc.length;
            }
            return counts;
        }

        /** The seeded hash that orders sequences in the files (SplitMix64 finaliser). */
        long shuffleKey(long index) {
            long z = index * 0x9E3779B97F4A7C15L + seed;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
