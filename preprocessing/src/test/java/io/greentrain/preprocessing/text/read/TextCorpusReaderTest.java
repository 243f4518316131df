package io.greentrain.preprocessing.text.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.testsupport.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCorpusReaderTest {

    private final SparkSession spark = LocalSpark.session("greentrain-preprocessing-tests");

    @TempDir
    Path dir;

    @Test
    void readsJsonArrayFilesJoiningTitleAndParagraphs() throws Exception {
        Files.writeString(dir.resolve("poems.json"), "[{\"title\":\"靜夜思\",\"paragraphs\":[\"床前明月光，疑是地上霜。\","
                + "\"舉頭望明月，低頭思故鄉。\"],\"id\":\"p1\"},\n{\"title\":\"無題\",\"paragraphs\":[]}]");

        List<Row> rows = read(ReaderSpec.json("title", "paragraphs").withIdField("id"), "*.json");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).<String>getAs("text")).isEqualTo("靜夜思\n床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。");
        assertThat(rows.get(0).<String>getAs("source_id")).isEqualTo("p1");
        assertThat(rows.get(0).<Long>getAs("record_index")).isZero();
        assertThat(rows.get(1).<String>getAs("text")).isEqualTo("無題\n");
        assertThat(rows.get(1).<Long>getAs("record_index")).isEqualTo(1);
        assertThat(rows.get(0).<String>getAs("source")).endsWith("poems.json");
    }

    @Test
    void readsJsonLinesAndKeepsUnparseableLinesWithAnError() throws Exception {
        Files.writeString(dir.resolve("docs.jsonl"), "{\"text\":\"first\"}\n\n{\"text\": \"second\", \"n\": 2}\n"
                + "{not json\n{\"body\":{\"text\":\"nested\"}}\n");

        List<Row> rows = read(ReaderSpec.of(TextFormat.JSON), "docs.jsonl");

        assertThat(rows).extracting(r -> r.<String>getAs("text"))
                .containsExactly("first", "second", "{not json", "");
        assertThat(rows.get(2).<String>getAs("read_error")).startsWith("invalid JSON line");
        assertThat(rows.get(0).<String>getAs("read_error")).isNull();
        assertThat(read(ReaderSpec.json("body.text"), "docs.jsonl").get(3).<String>getAs("text")).isEqualTo("nested");
    }

    @Test
    void readsOneDocumentPerLineOrPerFileWithCountedEncodingErrors() throws Exception {
        byte[] bytes = "line one\n\nline \u00e9two\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("a.txt"), bytes);

        List<Row> lines = read(ReaderSpec.of(TextFormat.TEXT_LINE), "a.txt");
        List<Row> whole = read(ReaderSpec.of(TextFormat.TEXT_FILE), "a.txt");

        assertThat(lines).extracting(r -> r.<String>getAs("text")).containsExactly("line one", "line \uFFFDtwo\r");
        assertThat(lines).extracting(r -> r.<Long>getAs("record_index")).containsExactly(0L, 2L);
        assertThat(lines).extracting(r -> r.<Integer>getAs("encoding_errors")).containsExactly(0, 1);
        assertThat(whole).hasSize(1);
        assertThat(whole.get(0).<Integer>getAs("encoding_errors")).isEqualTo(1);
        assertThat(read(ReaderSpec.of(TextFormat.TEXT_LINE).withCharset("ISO-8859-1"), "a.txt").get(1)
                .<String>getAs("text")).isEqualTo("line étwo\r");
    }

    @Test
    void readsOneDocumentPerRecordOfAFortuneFileWithIdsFromFileAndRecordNumber() throws Exception {
        Files.writeString(dir.resolve("sayings"), "%\r\n學而時習之\r\n-- 論語\r\n%\r\n%\r\n溫故而知新，可以為師矣。\r\n%\r\n");

        List<Row> rows = read(ReaderSpec.textRecords("^%$"), "sayings");

        assertThat(rows).extracting(r -> r.<String>getAs("text")).containsExactly("學而時習之\n-- 論語", "溫故而知新，可以為師矣。");
        assertThat(rows).extracting(r -> r.<Long>getAs("record_index")).containsExactly(0L, 1L);
        assertThat(rows.get(1).<String>getAs("doc_id"))
                .isEqualTo(TextCorpusReader.docId(rows.get(1).getAs("source"), 1));
        assertThat(TextCorpusReader.documents("sayings", Files.readAllBytes(dir.resolve("sayings")),
                ReaderSpec.textRecords("^%$"))).extracting(r -> r.getString(4))
                .containsExactly("學而時習之\n-- 論語", "溫故而知新，可以為師矣。");
    }

    @Test
    void refusesARecordSeparatorThatIsNoRegularExpressionOrOutsidePlainTextFiles() {
        assertThatThrownBy(() -> ReaderSpec.textRecords("^[%$")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a regular expression");
        assertThatThrownBy(() -> new ReaderSpec(TextFormat.TEXT_LINE, null, null, null, true, "^%$"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TEXT_FILE");
    }

    @Test
    void givesStableIdsAndReadsFoldersRecursivelySkippingHiddenFiles() throws Exception {
        Files.createDirectories(dir.resolve("sub/_tmp"));
        Files.writeString(dir.resolve("sub/a.txt"), "alpha");
        Files.writeString(dir.resolve("sub/.hidden"), "hidden");
        Files.writeString(dir.resolve("sub/_tmp/b.txt"), "temporary");
        Files.writeString(dir.resolve("c.txt"), "gamma");

        List<Row> first = read(ReaderSpec.of(TextFormat.TEXT_FILE), "");
        List<Row> second = read(ReaderSpec.of(TextFormat.TEXT_FILE), "");

        assertThat(first).extracting(r -> r.<String>getAs("text")).containsExactlyInAnyOrder("alpha", "gamma");
        assertThat(first).extracting(r -> r.<String>getAs("doc_id"))
                .containsExactlyInAnyOrderElementsOf(second.stream().map(r -> r.<String>getAs("doc_id")).toList())
                .allMatch(id -> id.matches("[0-9a-f]{32}"));
        assertThatThrownBy(() -> read(ReaderSpec.of(TextFormat.TEXT_FILE), "*.nothing"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches no file");
    }

    private List<Row> read(ReaderSpec spec, String glob) {
        String path = glob.isEmpty() ? dir.toString() : dir.resolve(glob).toString();
        return TextCorpusReader.read(spark, spec, List.of(path)).orderBy("source", "record_index").collectAsList();
    }
}
