package io.greentrain.preprocessing.text.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.VocabularySettings;
import io.greentrain.testsupport.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VocabularyBuilderTest {

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("greentrain-preprocessing-tests");
    }

    private static Dataset<Row> corpus(String... texts) {
        StructType schema = new StructType().add("doc_id", DataTypes.StringType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            rows.add(RowFactory.create("d" + i, texts[i]));
        }
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void countsCodePointsAcrossPartitionsAndOrdersByCountThenCodePoint() {
        // a: 5; space, b, c: 3 each; d: 1; the null text counts as empty
        Dataset<Row> docs = corpus("ab a", "cab", null, "c a", "ca bd");

        CharVocabulary vocab = VocabularyBuilder.build(docs, "text", new VocabularySettings(100, 1));

        assertThat(vocab.size()).isEqualTo(CharVocabulary.RESERVED + 5);
        assertThat(IntStream.range(CharVocabulary.RESERVED, vocab.size()).map(vocab::codePointOf)
                .mapToObj(Character::toString).toList()).containsExactly("a", " ", "b", "c", "d");
        assertThat(IntStream.range(CharVocabulary.RESERVED, vocab.size()).mapToLong(vocab::countOf))
                .containsExactly(5L, 3L, 3L, 3L, 1L);
        assertThat(vocab.corpusCharacters()).isEqualTo(15);
        assertThat(vocab.coverage()).isEqualTo(1.0);
    }

    @Test
    void rareCharactersAndThoseBeyondTheMaxSizeEncodeAsUnknown() {
        Dataset<Row> docs = corpus("aaaa bbb cc d");

        CharVocabulary vocab = VocabularyBuilder.build(docs, "text", new VocabularySettings(CharVocabulary.RESERVED + 2, 2));

        // a (4) is kept, then space and b tie at 3 and the lower code point, space, takes the last id.
        assertThat(vocab.characterCount()).isEqualTo(2);
        assertThat(vocab.encode("a bcdz")).containsExactly(CharVocabulary.RESERVED, CharVocabulary.RESERVED + 1,
                CharVocabulary.UNKNOWN, CharVocabulary.UNKNOWN, CharVocabulary.UNKNOWN, CharVocabulary.UNKNOWN);
        assertThat(vocab.corpusDistinctCharacters()).isEqualTo(5);
        assertThat(vocab.coverage()).isCloseTo(7.0 / 13, within(1e-12));
    }

    @Test
    void capsAChineseVocabularyAtItsMaxSizeKeepingTheMostFrequentHanCharacters() {
        // Character U+4E00 + i occurs 60 - i times, so the 60 Han characters have distinct counts.
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            texts.add(new String(Character.toChars(0x4E00 + i)).repeat(60 - i) + "\u3002");
        }
        Dataset<Row> docs = corpus(texts.toArray(String[]::new));

        CharVocabulary vocab = VocabularyBuilder.build(docs, "text", new VocabularySettings(CharVocabulary.RESERVED + 20, 1));

        assertThat(vocab.size()).isEqualTo(CharVocabulary.RESERVED + 20);
        // The full stop occurs 60 times and ties with U+4E00; the tie goes to the lower code point.
        assertThat(vocab.codePointOf(CharVocabulary.RESERVED)).isEqualTo(0x3002);
        assertThat(IntStream.range(CharVocabulary.RESERVED + 1, vocab.size()).map(vocab::codePointOf).toArray())
                .containsExactly(IntStream.range(0, 19).map(i -> 0x4E00 + i).toArray());
        assertThat(vocab.encode("\u4E00\u4E13")).containsExactly(CharVocabulary.RESERVED + 1, CharVocabulary.UNKNOWN);
        long total = IntStream.range(0, 60).map(i -> 60 - i + 1).sum();
        long covered = 60 + IntStream.range(0, 19).map(i -> 60 - i).sum();
        assertThat(vocab.corpusCharacters()).isEqualTo(total);
        assertThat(vocab.coverage()).isCloseTo((double) covered / total, within(1e-12));
    }
}
