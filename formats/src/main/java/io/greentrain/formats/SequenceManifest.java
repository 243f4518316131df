package io.greentrain.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The manifest of one split of character sequences: what the sequence exporter wrote, saved as
 * {@link #MANIFEST} beside the split's minibatch files ({@link MinibatchFolder}) so that training
 * can read it back. Counts reconcile: {@code tokens} is the
 * split's stream length ({@code documents} boundary tokens plus every character), of which the
 * first {@code sequences * sequenceLength + 1} are covered by sequences and the rest
 * ({@link #droppedTokens()}) is the tail too short for one more sequence.
 *
 * @param directory        the folder of the minibatch files and the manifest
 * @param paths            the minibatch files, in batch order
 * @param sequenceLength   tokens per sequence
 * @param batchSize        sequences per file (the last may hold fewer)
 * @param vocabularySize   ids of the vocabulary the tokens come from
 * @param documents        documents in the split
 * @param tokens           tokens in the split's stream
 * @param unknownTokens    tokens of the stream that are {@link CharVocabulary#UNKNOWN}
 * @param sequences        sequences written
 * @param labelTokenCounts how often each id occurs among the labels of the sequences written,
 *                         indexed by id; sums to {@link #predictedTokens()}
 */
public record SequenceManifest(String directory, List<String> paths, int sequenceLength, int batchSize,
                          int vocabularySize, long documents, long tokens, long unknownTokens, long sequences,
                          long[] labelTokenCounts) {

    /** The manifest file name in each split folder. */
    public static final String MANIFEST = "sequences.json";

    private static final String FORMAT = "greentrain-char-sequences/1";

    public SequenceManifest {
        paths = List.copyOf(paths);
        labelTokenCounts = labelTokenCounts.clone();
    }

    /** Tokens the model predicts over all sequences: {@code sequences * sequenceLength}. */
    public long predictedTokens() {
        return sequences * sequenceLength;
    }

    /** Tokens at the end of the stream that no sequence covers. */
    public long droppedTokens() {
        return sequences == 0 ? tokens : tokens - (predictedTokens() + 1);
    }

    /** Share of the stream's tokens that are {@link CharVocabulary#UNKNOWN}. */
    public double unknownShare() {
        return tokens == 0 ? 0 : (double) unknownTokens / tokens;
    }

    /** The counts as JSON (the minibatch paths are listed by the files themselves, so they are left out). */
    public ObjectNode toJson() {
        ObjectNode root = JsonFiles.newObject();
        root.put("format", FORMAT);
        root.put("sequenceLength", sequenceLength);
        root.put("batchSize", batchSize);
        root.put("vocabularySize", vocabularySize);
        root.put("documents", documents);
        root.put("tokens", tokens);
        root.put("unknownTokens", unknownTokens);
        root.put("sequences", sequences);
        root.put("predictedTokens", predictedTokens());
        root.put("droppedTokens", droppedTokens());
        root.put("files", paths.size());
        ArrayNode counts = root.putArray("labelTokenCounts");
        for (long count : labelTokenCounts) {
            counts.add(count);
        }
        return root;
    }

    /** Writes the manifest into {@link #directory()}, replacing one written before (write-then-rename). */
    public void write(Configuration conf) {
        JsonFiles.write(toJson(), new Path(directory, MANIFEST).toString(), conf);
    }

    /**
     * Reads the manifest of the split written to {@code directory} and lists its minibatch files.
     *
     * @throws IllegalArgumentException when the folder holds no manifest of this format, or the
     *                                  number of minibatch files differs from the manifest's
     */
    public static SequenceManifest read(String directory, Configuration conf) {
        Path dir = new Path(directory);
        Path manifest = new Path(dir, MANIFEST);
        try {
            if (!dir.getFileSystem(conf).exists(manifest)) {
                throw new IllegalArgumentException(manifest + " does not exist: export the sequences first");
            }
            JsonNode json = JsonFiles.read(manifest.toString(), conf);
            if (!FORMAT.equals(json.path("format").asText())) {
                throw new IllegalArgumentException(manifest + " is not a sequence manifest (" + FORMAT + ")");
            }
            List<String> paths = MinibatchFolder.list(directory, conf);
            if (paths.size() != json.path("files").asInt()) {
                throw new IllegalArgumentException(directory + " holds " + paths.size() + " minibatch files but its "
                        + MANIFEST + " lists " + json.path("files").asInt());
            }
            JsonNode countsNode = json.path("labelTokenCounts");
            long[] counts = new long[countsNode.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = countsNode.get(i).asLong();
            }
            return new SequenceManifest(dir.toString(), paths, json.path("sequenceLength").asInt(),
                    json.path("batchSize").asInt(), json.path("vocabularySize").asInt(), json.path("documents").asLong(),
                    json.path("tokens").asLong(), json.path("unknownTokens").asLong(), json.path("sequences").asLong(),
                    counts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
    }
}
