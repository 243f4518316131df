package io.greentrain.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A character (Unicode code point) vocabulary: the ids a character-level language model reads and
 * predicts. Ids {@code 0..2} are reserved ({@link #PADDING}, {@link #UNKNOWN},
 * {@link #BOUNDARY}); characters follow from id {@link #RESERVED} on, most frequent first, ties by
 * code point, so the same counts always give the same ids.
 *
 * <p>Immutable and serializable: it is shipped to executors to encode documents and saved as JSON
 * ({@link #toJson()}, {@link #save}) beside the model that uses it. Build one from a corpus with
 * preprocessing's {@code VocabularyBuilder}.
 */
public final class CharVocabulary implements Serializable {

    /** Id of padding; never produced by {@link #encode}, kept so that 0 means "nothing". */
    public static final int PADDING = 0;
    /** Id of every character outside the vocabulary. */
    public static final int UNKNOWN = 1;
    /** Id of the document boundary put before each document of a token stream. */
    public static final int BOUNDARY = 2;
    /** How many ids are reserved before the first character. */
    public static final int RESERVED = 3;

    /** What {@link #decode} writes for {@link #UNKNOWN}: U+FFFD, the replacement character. */
    public static final int UNKNOWN_REPLACEMENT = 0xFFFD;

    static final String FORMAT = "greentrain-char-vocabulary/1";

    private final int[] codePoints;
    private final long[] counts;
    private final long corpusCharacters;
    private final long corpusDistinctCharacters;
    private final VocabularySettings settings;
    private transient Map<Integer, Integer> ids;

    /**
     * A vocabulary of {@code codePoints} (id {@code RESERVED + i} for {@code codePoints[i]}), in
     * that order.
     *
     * @param counts                   occurrences of each kept character in the corpus it was built from
     * @param corpusCharacters         characters in that corpus, kept or not
     * @param corpusDistinctCharacters distinct characters in that corpus, kept or not
     */
    public CharVocabulary(int[] codePoints, long[] counts, long corpusCharacters, long corpusDistinctCharacters,
                          VocabularySettings settings) {
        if (codePoints.length != counts.length) {
            throw new IllegalArgumentException("one count per code point is needed");
        }
        if (codePoints.length + RESERVED > settings.maxSize()) {
            throw new IllegalArgumentException(codePoints.length + " characters do not fit a vocabulary of at most "
                    + settings.maxSize() + " ids");
        }
        this.codePoints = codePoints.clone();
        this.counts = counts.clone();
        this.corpusCharacters = corpusCharacters;
        this.corpusDistinctCharacters = corpusDistinctCharacters;
        this.settings = settings;
        indexIds();
    }

    private void indexIds() {
        Map<Integer, Integer> index = new HashMap<>(codePoints.length * 2);
        for (int i = 0; i < codePoints.length; i++) {
            if (index.put(codePoints[i], RESERVED + i) != null) {
                throw new IllegalArgumentException("code point U+" + Integer.toHexString(codePoints[i])
                        + " appears twice in the vocabulary");
            }
        }
        ids = index;
    }

    private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        indexIds();
    }

    /** The number of ids, reserved ones included: the width of the model's input and output. */
    public int size() {
        return RESERVED + codePoints.length;
    }

    /** The number of characters with their own id. */
    public int characterCount() {
        return codePoints.length;
    }

    /** The id of {@code codePoint}, or {@link #UNKNOWN} when it has none. */
    public int idOf(int codePoint) {
        return ids.getOrDefault(codePoint, UNKNOWN);
    }

    /** Whether {@code id} stands for a character (not a reserved id). */
    public boolean isCharacter(int id) {
        return id >= RESERVED && id < size();
    }

    /** The code point of character id {@code id}. */
    public int codePointOf(int id) {
        if (!isCharacter(id)) {
            throw new IllegalArgumentException("id " + id + " is not a character id of this vocabulary");
        }
        return codePoints[id - RESERVED];
    }

    /** How often character id {@code id} occurred in the corpus the vocabulary was built from. */
    public long countOf(int id) {
        return counts[id - RESERVED];
    }

    /** The ids of the code points of {@code text}, one per code point; unknown ones as {@link #UNKNOWN}. */
    public int[] encode(String text) {
        return text.codePoints().map(this::idOf).toArray();
    }

    /**
     * The text of {@code ids}: characters as themselves, {@link #UNKNOWN} as U+FFFD,
     * {@link #BOUNDARY} as a line feed, {@link #PADDING} as nothing.
     *
     * @throws IllegalArgumentException for an id outside the vocabulary
     */
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder(ids.length);
        for (int id : ids) {
            if (isCharacter(id)) {
                text.appendCodePoint(codePoints[id - RESERVED]);
            } else if (id == UNKNOWN) {
                text.appendCodePoint(UNKNOWN_REPLACEMENT);
            } else if (id == BOUNDARY) {
                text.append('\n');
            } else if (id != PADDING) {
                throw new IllegalArgumentException("id " + id + " is outside a vocabulary of " + size());
            }
        }
        return text.toString();
    }

    /** Characters in the corpus the vocabulary was built from. */
    public long corpusCharacters() {
        return corpusCharacters;
    }

    /** Distinct characters in the corpus the vocabulary was built from, kept or not. */
    public long corpusDistinctCharacters() {
        return corpusDistinctCharacters;
    }

    /** Characters of that corpus that have their own id. */
    public long coveredCharacters() {
        return Arrays.stream(counts).sum();
    }

    /** The share of that corpus's characters that have their own id (1 for an empty corpus). */
    public double coverage() {
        return corpusCharacters == 0 ? 1.0 : (double) coveredCharacters() / corpusCharacters;
    }

    public VocabularySettings settings() {
        return settings;
    }

    /** The vocabulary as JSON: format, settings, reserved ids, corpus counts and every character with its id. */
    public ObjectNode toJson() {
        ObjectNode root = JsonFiles.newObject();
        root.put("format", FORMAT);
        root.put("size", size());
        root.put("maxSize", settings.maxSize());
        root.put("minCount", settings.minCount());
        ObjectNode reserved = root.putObject("reserved");
        reserved.put("padding", PADDING);
        reserved.put("unknown", UNKNOWN);
        reserved.put("boundary", BOUNDARY);
        root.put("corpusCharacters", corpusCharacters);
        root.put("corpusDistinctCharacters", corpusDistinctCharacters);
        root.put("coveredCharacters", coveredCharacters());
        root.put("coverage", coverage());
        ArrayNode characters = root.putArray("characters");
        for (int i = 0; i < codePoints.length; i++) {
            ObjectNode entry = characters.addObject();
            entry.put("id", RESERVED + i);
            entry.put("codePoint", codePoints[i]);
            entry.put("char", new String(Character.toChars(codePoints[i])));
            entry.put("count", counts[i]);
        }
        return root;
    }

    /**
     * The vocabulary written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when {@code json} is not such a vocabulary or its ids are not consecutive
     */
    public static CharVocabulary fromJson(JsonNode json) {
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new IllegalArgumentException("not a character vocabulary (format " + json.path("format") + ", "
                    + FORMAT + " expected)");
        }
        JsonNode characters = json.path("characters");
        int[] codePoints = new int[characters.size()];
        long[] counts = new long[characters.size()];
        for (int i = 0; i < codePoints.length; i++) {
            JsonNode entry = characters.get(i);
            if (entry.path("id").asInt(-1) != RESERVED + i) {
                throw new IllegalArgumentException("character entry " + i + " has id " + entry.path("id")
                        + ", " + (RESERVED + i) + " expected");
            }
            codePoints[i] = entry.path("codePoint").asInt();
            counts[i] = entry.path("count").asLong();
        }
        VocabularySettings settings = new VocabularySettings(json.path("maxSize").asInt(), json.path("minCount").asLong());
        return new CharVocabulary(codePoints, counts, json.path("corpusCharacters").asLong(),
                json.path("corpusDistinctCharacters").asLong(), settings);
    }

    /** Writes {@link #toJson()} to {@code path} on any Hadoop file system, replacing it (write-then-rename). */
    public void save(String path, Configuration conf) {
        JsonFiles.write(toJson(), path, conf);
    }

    /** Reads a vocabulary written by {@link #save}. */
    public static CharVocabulary load(String path, Configuration conf) {
        try {
            return fromJson(JsonFiles.read(path, conf));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CharVocabulary that && Arrays.equals(codePoints, that.codePoints)
                && Arrays.equals(counts, that.counts) && corpusCharacters == that.corpusCharacters
                && corpusDistinctCharacters == that.corpusDistinctCharacters && settings.equals(that.settings);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "CharVocabulary[size=" + size() + ", coverage=" + coverage() + "]";
    }
}
