package io.greentrain.formats;

import java.io.Serializable;

/**
 * Which characters a {@link CharVocabulary} keeps.
 *
 * @param maxSize  the most ids the vocabulary may hold, the {@link CharVocabulary#RESERVED} ids
 *                 included; the embedding and softmax layers are this wide at most. Chinese text
 *                 has thousands of distinct characters, so this caps the model's size.
 * @param minCount the fewest occurrences a character needs to get its own id; rarer ones encode
 *                 as {@link CharVocabulary#UNKNOWN}
 */
public record VocabularySettings(int maxSize, long minCount) implements Serializable {

    /** Room for every character of English text and a few thousand others. */
    public static final int MAX_SIZE_DEFAULT = 4_000;
    /** Characters seen fewer times than this are too rare to learn anything about. */
    public static final long MIN_COUNT_DEFAULT = 2;

    public VocabularySettings {
        if (maxSize <= CharVocabulary.RESERVED) {
            throw new IllegalArgumentException("the vocabulary's max size must exceed the " + CharVocabulary.RESERVED
                    + " reserved ids, not " + maxSize);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("the vocabulary's min count must be at least 1, not " + minCount);
        }
    }

    /** The defaults: {@link #MAX_SIZE_DEFAULT} ids, characters seen at least {@link #MIN_COUNT_DEFAULT} times. */
    public static VocabularySettings defaults() {
        return new VocabularySettings(MAX_SIZE_DEFAULT, MIN_COUNT_DEFAULT);
    }
}
