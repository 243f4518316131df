package io.greentrain.preprocessing.text.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SeparatedRecordsTest {

    private static final Pattern FORTUNE = Pattern.compile("^%$");

    @Test
    void splitsAFortuneFileAtPercentLinesIgnoringSeparatorsAtStartAndEnd() {
        List<SeparatedRecords.Record> records = records("%\n學而時習之\n-- 論語\n%\n溫故而知新\n%\n", FORTUNE);

        assertThat(records).extracting(SeparatedRecords.Record::text).containsExactly("學而時習之\n-- 論語", "溫故而知新");
        assertThat(records).extracting(SeparatedRecords.Record::index).containsExactly(0L, 1L);
    }

    @Test
    void readsCrLfFilesLikeLfFiles() {
        assertThat(records("first\r\nline two\r\n%\r\nsecond\r\n", FORTUNE)).extracting(SeparatedRecords.Record::text)
                .containsExactly("first\nline two", "second");
    }

    @Test
    void skipsEmptyAndBlankRecordsAndNumbersOnlyTheOthers() {
        List<SeparatedRecords.Record> records = records("%\n%\none\n%\n  \n\t\n%\n%\ntwo", FORTUNE);

        assertThat(records).extracting(SeparatedRecords.Record::text).containsExactly("one", "two");
        assertThat(records).extracting(SeparatedRecords.Record::index).containsExactly(0L, 1L);
    }

    @Test
    void keepsASeparatorThatIsOnlyPartOfALineAsText() {
        assertThat(records("50% off\n%%\n %\n%\nnext", FORTUNE)).extracting(SeparatedRecords.Record::text)
                .containsExactly("50% off\n%%\n %", "next");
    }

    @Test
    void splitsBlankLineParagraphsWithABlankLinePattern() {
        assertThat(records("one\nstill one\n\n\n \ntwo\n\nthree\n", Pattern.compile("^\\s*$")))
                .extracting(SeparatedRecords.Record::text).containsExactly("one\nstill one", "two", "three");
    }

    @Test
    void countsUndecodableBytesOnTheirRecord() {
        byte[] bytes = "ok\n%\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

        List<SeparatedRecords.Record> records = records(bytes, FORTUNE, StandardCharsets.UTF_8);

        assertThat(records).extracting(SeparatedRecords.Record::encodingErrors).containsExactly(0, 1);
        assertThat(records.get(1).text()).isEqualTo("caf\uFFFD");
    }

    @Test
    void closesTheStreamAfterTheLastRecord() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("a\n%\nb".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        SeparatedRecords records = new SeparatedRecords(in, FORTUNE, StandardCharsets.UTF_8);

        records.next();
        assertThat(closed).isFalse();
        records.next();
        assertThat(records.hasNext()).isFalse();
        assertThat(closed).isTrue();
    }

    private static List<SeparatedRecords.Record> records(String text, Pattern separator) {
        return records(text.getBytes(StandardCharsets.UTF_8), separator, StandardCharsets.UTF_8);
    }

    private static List<SeparatedRecords.Record> records(byte[] bytes, Pattern separator, Charset charset) {
        List<SeparatedRecords.Record> records = new ArrayList<>();
        new SeparatedRecords(new ByteArrayInputStream(bytes), separator, charset).forEachRemaining(records::add);
        return records;
    }
}
