package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FullDiskFileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerFlushFailureTest {

    @TempDir
    java.nio.file.Path temp;

    private FullDiskFileSystem fs;
    private Path ledger;

    @BeforeEach
    void fullDisk() throws IOException {
        fs = new FullDiskFileSystem();
        fs.initialize(java.net.URI.create("file:///"), new Configuration());
        ledger = new Path(temp.resolve("ledger").toUri());
    }

    @Test
    void aFullDiskFailsTheFlushAsAnIoExceptionKeepsTheLinesAndLeavesNoEmptyFile() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", Duration.ofMinutes(1))) {
            writer.append(entries("r1", 0, 3));
            fs.failNextWrites.set(2);

            assertThatThrownBy(writer::flush).isInstanceOf(IOException.class)
                    .hasMessageContaining("No space left on device");
            writer.append(entries("r1", 3, 1));
            assertThatThrownBy(writer::flush).isInstanceOf(IOException.class);

            assertThat(writer.failedFlushes()).isEqualTo(2);
            assertThat(writer.bufferedEntries()).isEqualTo(4);
            assertThat(filesIn("run=r1")).as("no segment and no temporary file yet").isZero();

            // The disk has room again: the next flush writes everything kept, with the same sequences.
            assertThat(writer.flush()).get().extracting(SegmentFile::name)
                    .isEqualTo(SegmentFile.name(0, 3));
            writer.seal("app-1", SealRecord.COMPLETED, java.time.Instant.EPOCH, null);
        }

        assertThat(filesIn("run=r1")).isEqualTo(2);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(RunVerification.Status.SEALED);
    }

    @Test
    void flushIfDueReportsTheFullDiskAndRetriesAtTheNextInterval() throws IOException {
        LedgerSamples.SettableClock clock = new LedgerSamples.SettableClock(java.time.Instant.EPOCH);
        LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", Duration.ofSeconds(10), clock);
        writer.append(entries("r1", 0, 2));
        fs.failNextWrites.set(1);
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(writer::flushIfDue).isInstanceOf(IOException.class);
        assertThat(writer.flushIfDue()).as("not due again until the next interval").isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(writer.flushIfDue()).isTrue();
        assertThat(writer.failedFlushes()).isEqualTo(1);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").entries()).isEqualTo(2);
    }

    private long filesIn(String run) throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(temp.resolve("ledger").resolve(run))) {
            return files.count();
        }
    }
}
