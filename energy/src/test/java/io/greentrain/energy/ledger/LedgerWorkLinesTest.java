package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static io.greentrain.energy.ledger.LedgerSamples.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.ledger.RunVerification.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work lines share the run's hash chain with the energy entries; ledgers without them still verify. */
class LedgerWorkLinesTest {

    /** Sequences 0-7: energy, energy, work (epoch 0), energy, energy, work (epoch 1), energy, work (tokens). */
    private static final String SEGMENT = "segment-00000000000000000000-00000000000000000007.jsonl";
    private static final String OLD_SEGMENT = "segment-00000000000000000000-00000000000000000002.jsonl";

    @TempDir
    java.nio.file.Path temp;

    private FileSystem fs;
    private Path ledger;

    @BeforeEach
    void mixedLedger() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        ledger = new Path(temp.resolve("ledger").toUri());
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", Duration.ofMinutes(1))) {
            writer.append(entries("r1", 0, 2));
            writer.append(work("train/epoch-0", WorkRecord.EXAMPLES, 2048));
            writer.append(entries("r1", 2, 2));
            writer.append(work("train/epoch-1", WorkRecord.EXAMPLES, 2040));
            writer.append(List.of(entry("r1", 4), work("train/epoch-1", WorkRecord.TOKENS, 123_456)));
            writer.flush();
        }
    }

    private static WorkRecord work(String phase, String unit, long amount) {
        return WorkRecord.of("app-1", "r1", phase, unit, amount, Instant.parse("2024-05-01T10:05:00Z"));
    }

    @Test
    void verifiesAChainOfEnergyAndWorkLinesAndReadsBothKindsInOrder() throws IOException {
        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");
        LedgerReader reader = new LedgerReader(fs, ledger);

        assertThat(result.ok()).isTrue();
        assertThat(result.entries()).isEqualTo(8);
        try (Stream<LedgerRecord> records = reader.records("r1")) {
            assertThat(records.map(r -> r instanceof WorkRecord ? "work" : "energy"))
                    .containsExactly("energy", "energy", "work", "energy", "energy", "work", "energy", "work");
        }
        try (Stream<LedgerEntry> energy = reader.entries("r1")) {
            assertThat(energy.map(LedgerEntry::sequence)).containsExactly(0L, 1L, 3L, 4L, 6L);
        }
        try (Stream<WorkRecord> work = reader.work("r1")) {
            assertThat(work.collect(Collectors.toList())).extracting(WorkRecord::sequence, WorkRecord::phase,
                            WorkRecord::unit, WorkRecord::amount)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "train/epoch-0", "examples", 2048L),
                            org.assertj.core.groups.Tuple.tuple(5L, "train/epoch-1", "examples", 2040L),
                            org.assertj.core.groups.Tuple.tuple(7L, "train/epoch-1", "tokens", 123_456L));
        }
    }

    @Test
    void targetAndEarlyStopLinesAreEventsAndEveryOtherUnitIsWork() {
        assertThat(WorkRecord.isEvent(WorkRecord.TARGET_REACHED)).isTrue();
        assertThat(WorkRecord.isEvent("early-stop-plateau")).isTrue();
        assertThat(WorkRecord.isEvent(WorkRecord.EARLY_STOP_PREFIX + "energy-budget")).isTrue();
        assertThat(WorkRecord.isEvent(WorkRecord.EXAMPLES)).isFalse();
        assertThat(WorkRecord.isEvent(WorkRecord.GROSS_TOKENS)).isFalse();
        assertThat(WorkRecord.isEvent("targets")).isFalse();
        assertThat(WorkRecord.of("app", "r1", "train/epoch-2", "target-reached", 1, Instant.EPOCH).isEvent()).isTrue();
    }

    @Test
    void catchesAnEditedAmountAtTheLineAfterIt() throws IOException {
        LedgerSamples.rewrite(segment(), lines -> {
            lines.set(2, lines.get(2).replace("\"amount\":2048", "\"amount\":4096"));
            return lines;
        });

        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(result.problem().line()).isEqualTo(4);
        assertThat(result.problem().sequence()).isEqualTo(3);
        assertThat(result.entries()).isEqualTo(3);
    }

    @Test
    void catchesADeletedWorkLine() throws IOException {
        LedgerSamples.rewrite(segment(), lines -> {
            lines.remove(5);
            return lines;
        });

        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEQUENCE_GAP);
        assertThat(result.problem().line()).isEqualTo(6);
        assertThat(result.problem().sequence()).isEqualTo(6);
    }

    @Test
    void catchesAWorkLineMovedBeforeTheEnergyItCounts() throws IOException {
        LedgerSamples.rewrite(segment(), lines -> {
            Collections.swap(lines, 4, 5);
            return lines;
        });

        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEQUENCE_OUT_OF_ORDER);
        assertThat(result.problem().line()).isEqualTo(5);
        assertThat(result.problem().sequence()).isEqualTo(5);
    }

    @Test
    void verifiesAndContinuesALedgerWrittenBeforeWorkLinesExisted() throws IOException {
        Path old = new Path(temp.resolve("old").toUri());
        java.nio.file.Path run = temp.resolve("old").resolve("run=old-run");
        Files.createDirectories(run);
        try (InputStream in = getClass().getResourceAsStream("old-format/run=old-run/" + OLD_SEGMENT)) {
            Files.copy(in, run.resolve(OLD_SEGMENT));
        }
        List<String> oldLines = Files.readAllLines(run.resolve(OLD_SEGMENT));
        assertThat(oldLines).hasSize(3).noneMatch(line -> line.contains("\"kind\""));

        assertThat(new LedgerVerifier(fs, old).verifyAll().ok()).isTrue();
        try (Stream<LedgerRecord> records = new LedgerReader(fs, old).records("old-run")) {
            List<LedgerRecord> read = records.collect(Collectors.toList());
            assertThat(read).hasSize(3).allMatch(LedgerEntry.class::isInstance);
            for (int i = 0; i < read.size(); i++) {
                assertThat(read.get(i)).isEqualTo(LedgerCodec.decode(oldLines.get(i)));
            }
        }
        try (LedgerWriter writer = LedgerWriter.open(fs, old, "old-run", Duration.ofMinutes(1))) {
            writer.append(WorkRecord.of("app-2", "old-run", "train/epoch-1", WorkRecord.EXAMPLES, 10,
                    Instant.parse("2024-05-02T00:00:00Z")));
            writer.flush();
        }
        RunVerification continued = new LedgerVerifier(fs, old).verify("old-run");
        assertThat(continued.ok()).isTrue();
        assertThat(continued.entries()).isEqualTo(4);
        // The unversioned lines stay as they were; the line appended after them carries the format version.
        try (Stream<java.nio.file.Path> files = Files.list(run)) {
            java.nio.file.Path appended = files
                    .filter(file -> file.getFileName().toString().equals(SegmentFile.name(3, 3)))
                    .findFirst().orElseThrow();
            assertThat(Files.readAllLines(appended)).singleElement().asString()
                    .startsWith("{\"v\":" + LedgerFormat.VERSION + ",\"kind\":\"work\",");
        }
        assertThat(Files.readAllLines(run.resolve(OLD_SEGMENT))).isEqualTo(oldLines);
    }

    private Path segment() {
        return new Path(ledger, "run=r1/" + SEGMENT);
    }
}
