package io.greentrain.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharVocabularyTest {

    @TempDir
    Path dir;

    /** A vocabulary of the code points of {@code codePointsInOrder}, in that order, the first the most frequent. */
    private static CharVocabulary vocabularyOf(String codePointsInOrder, int maxSize) {
        int[] codePoints = codePointsInOrder.codePoints().toArray();
        long[] counts = new long[codePoints.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = codePoints.length - i;
        }
        long total = java.util.Arrays.stream(counts).sum();
        return new CharVocabulary(codePoints, counts, total + 1, codePoints.length + 1, new VocabularySettings(maxSize, 1));
    }

    @Test
    void givesCharactersTheIdsAfterTheReservedOnesInTheOrderGiven() {
        CharVocabulary vocab = vocabularyOf("ab\uD83D\uDE00", 50);

        assertThat(vocab.size()).isEqualTo(CharVocabulary.RESERVED + 3);
        assertThat(vocab.encode("ba\uD83D\uDE00z")).containsExactly(CharVocabulary.RESERVED + 1, CharVocabulary.RESERVED,
                CharVocabulary.RESERVED + 2, CharVocabulary.UNKNOWN);
        assertThat(vocab.isCharacter(CharVocabulary.BOUNDARY)).isFalse();
        assertThat(vocab.countOf(CharVocabulary.RESERVED)).isEqualTo(3);
    }

    @Test
    void decodesReservedIdsAndRejectsIdsOutsideTheVocabulary() {
        CharVocabulary vocab = vocabularyOf("helo", 50);
        int[] ids = vocab.encode("hel\u00e9lo");

        assertThat(vocab.decode(ids)).isEqualTo("hel\uFFFDlo");
        assertThat(vocab.decode(new int[] {CharVocabulary.BOUNDARY, vocab.idOf('h'), CharVocabulary.PADDING}))
                .isEqualTo("\nh");
        assertThatThrownBy(() -> vocab.decode(new int[] {vocab.size()})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMoreCharactersThanItsMaxSizeAndRepeatedCodePoints() {
        assertThatThrownBy(() -> vocabularyOf("abc", CharVocabulary.RESERVED + 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> vocabularyOf("aba", 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new VocabularySettings(CharVocabulary.RESERVED, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
    }

    @Test
    void roundTripsThroughJsonOnAHadoopFileSystem() throws Exception {
        CharVocabulary vocab = vocabularyOf("the cabmo\uD83D\uDE00", 100);
        String path = dir.resolve("vocabulary.json").toUri().toString();

        vocab.save(path, new Configuration());
        CharVocabulary loaded = CharVocabulary.load(path, new Configuration());

        assertThat(loaded).isEqualTo(vocab);
        assertThat(loaded.settings()).isEqualTo(vocab.settings());
        assertThat(loaded.coverage()).isEqualTo(vocab.coverage()).isLessThan(1.0);
        assertThat(loaded.decode(vocab.encode("mut \uD83D\uDE00"))).isEqualTo("m\uFFFDt \uD83D\uDE00");
        assertThat(Files.readString(dir.resolve("vocabulary.json"))).contains("\"format\"", "\"coverage\"");
    }

    @Test
    void loadingSomethingElseFailsNamingTheFile() throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"format\": \"something-else\"}");

        assertThatThrownBy(() -> CharVocabulary.load(file.toUri().toString(), new Configuration()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other.json");
    }
}
