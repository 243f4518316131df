package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static io.greentrain.energy.ledger.LedgerSamples.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerWriterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    java.nio.file.Path temp;

    private FileSystem fs;
    private Path ledger;

    @BeforeEach
    void localLedger() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        ledger = new Path(temp.resolve("ledger").toUri());
    }

    @Test
    void eachFlushWritesOneSegmentNamedByItsRangeAndTheReaderReturnsAllInOrder() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
            assertThat(writer.flush()).get().extracting(SegmentFile::name)
                    .isEqualTo("segment-00000000000000000000-00000000000000000002.jsonl");
            writer.append(entries("r1", 3, 1));
            writer.flush();
            writer.append(entries("r1", 4, 4));
        }

        LedgerReader reader = new LedgerReader(fs, ledger);
        assertThat(reader.segments("r1")).extracting(SegmentFile::name).containsExactly(
                "segment-00000000000000000000-00000000000000000002.jsonl",
                "segment-00000000000000000003-00000000000000000003.jsonl",
                "segment-00000000000000000004-00000000000000000007.jsonl");
        List<LedgerEntry> read = readAll(reader, "r1");
        assertThat(read).extracting(LedgerEntry::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(read).extracting(LedgerEntry::stage)
                .containsExactly("stage-0", "stage-1", "stage-2", "stage-3", "stage-4", "stage-5", "stage-6", "stage-7");
        assertThat(read.get(0).previousHash()).isEqualTo(LedgerEntry.GENESIS_HASH);
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).previousHash()).isEqualTo(LedgerCodec.sha256Hex(LedgerCodec.encode(read.get(i - 1))));
        }
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").ok()).isTrue();
    }

    @Test
    void assignsSequenceAndPreviousHashItselfWhateverTheCallerPutThere() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            LedgerEntry first = writer.append(entry("r1", 0).withChain(99, "f".repeat(64)));
            LedgerEntry second = writer.append(entry("r1", 1).withChain(-5, "nonsense"));

            assertThat(first.sequence()).isZero();
            assertThat(first.previousHash()).isEqualTo(LedgerEntry.GENESIS_HASH);
            assertThat(second.sequence()).isEqualTo(1);
            assertThat(second.previousHash()).isEqualTo(LedgerCodec.sha256Hex(LedgerCodec.encode(first)));
            assertThat(writer.headHash()).isEqualTo(LedgerCodec.sha256Hex(LedgerCodec.encode(second)));
            assertThat(writer.nextSequence()).isEqualTo(2);
            assertThat(second).isEqualTo(entry("r1", 1).withChain(1, second.previousHash()));
        }
    }

    @Test
    void refusesABatchWithAnEntryOfAnotherRunAndBuffersNoneOfIt() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThatThrownBy(() -> writer.append(List.of(entry("r1", 0), entry("r2", 1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Ledger entry for run r2 given to the writer of run r1");
            assertThat(writer.bufferedEntries()).isZero();
            assertThat(writer.nextSequence()).isZero();
            assertThat(writer.headHash()).isEqualTo(LedgerEntry.GENESIS_HASH);
        }
    }

    @Test
    void refusesRunIdsThatCannotNameAFolder() {
        for (String bad : List.of("", "a/b", "..", "_tmp", ".hidden", "a:b", "x y")) {
            assertThatThrownBy(() -> LedgerWriter.open(fs, ledger, bad, MINUTE))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run id");
        }
    }

    @Test
    void flushWithNothingBufferedWritesNoSegment() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThat(writer.flush()).isEmpty();
        }
        assertThat(new LedgerReader(fs, ledger).segments("r1")).isEmpty();
    }

    @Test
    void flushIfDueWritesOncePerIntervalWithAnInjectedClock() throws IOException {
        LedgerSamples.SettableClock clock = new LedgerSamples.SettableClock(Instant.parse("2024-05-01T10:00:00Z"));
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", Duration.ofSeconds(30), clock)) {
            writer.append(entries("r1", 0, 2));
            clock.advance(Duration.ofSeconds(29));
            assertThat(writer.flushIfDue()).isFalse();
            assertThat(writer.bufferedEntries()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(1));
            assertThat(writer.flushIfDue()).isTrue();
            assertThat(writer.bufferedEntries()).isZero();

            writer.append(entries("r1", 2, 1));
            clock.advance(Duration.ofSeconds(10));
            assertThat(writer.flushIfDue()).as("10 s after the last flush").isFalse();
            assertThat(writer.flushIfDue(clock.instant().plusSeconds(20))).as("explicit now, 30 s after").isTrue();

            // An empty buffer at a due time starts a new interval, so a lone late entry still waits for its own.
            clock.advance(Duration.ofSeconds(60));
            assertThat(writer.flushIfDue()).isFalse();
            writer.append(entries("r1", 3, 1));
            clock.advance(Duration.ofSeconds(5));
            assertThat(writer.flushIfDue()).isFalse();
            clock.advance(Duration.ofSeconds(25));
            assertThat(writer.flushIfDue()).isTrue();
        }
        assertThat(new LedgerReader(fs, ledger).segments("r1")).extracting(SegmentFile::claimedEntries)
                .containsExactly(2L, 1L, 1L);
    }

    @Test
    void reopeningARunContinuesItsSequenceAndHashChain() throws IOException {
        String head;
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
            writer.flush();
            writer.append(entries("r1", 3, 2));
            head = writer.headHash();
        }
        try (LedgerWriter reopened = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThat(reopened.nextSequence()).isEqualTo(5);
            assertThat(reopened.headHash()).isEqualTo(head);
            LedgerEntry next = reopened.append(entry("r1", 5));
            assertThat(next.sequence()).isEqualTo(5);
            assertThat(next.previousHash()).isEqualTo(head);
        }
        List<LedgerEntry> read = readAll(new LedgerReader(fs, ledger), "r1");
        assertThat(read).extracting(LedgerEntry::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").describe()).startsWith("run=r1 intact but unsealed (the run did not finish, or its last segment is missing): 6 entries in 3");
    }

    @Test
    void recoversFromACrashThatLeftAHalfWrittenTemporarySegment() throws IOException {
        LedgerWriter crashed = LedgerWriter.open(fs, ledger, "r1", MINUTE);
        crashed.append(entries("r1", 0, 4));
        crashed.flush();
        List<LedgerEntry> lost = crashed.append(entries("r1", 4, 3));
        // The driver dies while flushing 4-6 (the writer is never closed): the temporary file holds one line and
        // half of the next.
        java.nio.file.Path temporary = Paths.get(crashed.runDirectory().toUri())
                .resolve(".segment-00000000000000000004-00000000000000000006.jsonl.tmp");
        Files.writeString(temporary, LedgerCodec.encode(lost.get(0)) + "\n"
                + LedgerCodec.encode(lost.get(1)).substring(0, 40), StandardCharsets.UTF_8);

        LedgerReader reader = new LedgerReader(fs, ledger);
        List<LedgerEntry> durable = readAll(reader, "r1");
        assertThat(durable).extracting(LedgerEntry::sequence).containsExactly(0L, 1L, 2L, 3L);
        RunVerification before = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(before.ok()).as(before.describe()).isTrue();
        assertThat(before.entries()).isEqualTo(4);

        try (LedgerWriter next = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThat(temporary).doesNotExist();
            assertThat(next.nextSequence()).isEqualTo(4);
            LedgerEntry continued = next.append(entry("r1", 100));
            assertThat(continued.sequence()).isEqualTo(4);
            assertThat(continued.previousHash()).isEqualTo(LedgerCodec.sha256Hex(LedgerCodec.encode(durable.get(3))))
                    .isEqualTo(before.headHash());
        }
        RunVerification after = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(after.ok()).as(after.describe()).isTrue();
        assertThat(after.entries()).isEqualTo(5);
        assertThat(readAll(reader, "r1").get(4).stage()).isEqualTo("stage-100");
    }

    @Test
    void refusesToContinueARunWhoseLastSegmentIsDamaged() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
        }
        SegmentFile segment = new LedgerReader(fs, ledger).segments("r1").get(0);
        LedgerSamples.rewrite(segment.path(), lines -> {
            lines.remove(1);
            return lines;
        });
        assertThatThrownBy(() -> LedgerWriter.open(fs, ledger, "r1", MINUTE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot continue ledger run r1")
                .hasMessageContaining(segment.name() + " line 2 has sequence 2 where 1 belongs");
    }

    @Test
    void closeFlushesAndThenRefusesAppendsButToleratesFlushes() throws IOException {
        LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE);
        writer.append(entries("r1", 0, 2));
        writer.close();
        writer.close();
        assertThat(new LedgerReader(fs, ledger).segments("r1")).hasSize(1);
        assertThatThrownBy(() -> writer.append(entry("r1", 2))).isInstanceOf(IllegalStateException.class)
                .hasMessage("The ledger writer of run r1 is closed");
        assertThat(writer.flushIfDue(Instant.MAX)).as("a periodic caller racing with shutdown").isFalse();
        assertThat(writer.flush()).isEmpty();
    }

    @Test
    void leavesOnlySegmentsInTheRunFolderOnTheLocalFileSystem() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 2));
        }
        try (Stream<java.nio.file.Path> files = Files.list(Paths.get(ledger.toUri()).resolve("run=r1"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly("segment-00000000000000000000-00000000000000000001.jsonl");
        }
    }

    @Test
    void readerListsEveryRunAndSkipsHiddenAndUnderscoreFiles() throws IOException {
        for (String run : List.of("r2", "r1")) {
            try (LedgerWriter writer = LedgerWriter.open(fs, ledger, run, MINUTE)) {
                writer.append(entries(run, 0, 2));
            }
        }
        java.nio.file.Path r1 = Paths.get(ledger.toUri()).resolve("run=r1");
        Files.writeString(r1.resolve("_SUCCESS"), "not data");
        Files.writeString(r1.resolve(".segment-00000000000000000005-00000000000000000006.jsonl.crc"), "not data");
        Files.writeString(r1.resolve("_segment-00000000000000000002-00000000000000000003.jsonl"), "not data");
        Files.createDirectories(Paths.get(ledger.toUri()).resolve("_tmp"));

        LedgerReader reader = new LedgerReader(fs, ledger);
        assertThat(reader.runIds()).containsExactly("r1", "r2");
        try (Stream<LedgerEntry> all = reader.entries()) {
            assertThat(all.map(e -> e.runId() + "/" + e.sequence())).containsExactly("r1/0", "r1/1", "r2/0", "r2/1");
        }
    }

    @Test
    void readerNamesTheFileAndLineOfAnUnreadableEntry() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
        }
        SegmentFile segment = new LedgerReader(fs, ledger).segments("r1").get(0);
        LedgerSamples.rewrite(segment.path(), lines -> {
            lines.set(2, lines.get(2).substring(0, 30));
            return lines;
        });
        assertThatThrownBy(() -> readAll(new LedgerReader(fs, ledger), "r1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(LedgerFormatException.class)
                .hasMessageContaining(segment.name() + " line 3: malformed JSON");
    }

    static List<LedgerEntry> readAll(LedgerReader reader, String runId) throws IOException {
        try (Stream<LedgerEntry> entries = reader.entries(runId)) {
            return entries.toList();
        }
    }
}
