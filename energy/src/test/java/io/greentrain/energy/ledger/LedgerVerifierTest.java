package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.energy.ledger.RunVerification.Reason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerVerifierTest {

    private static final String FIRST = "segment-00000000000000000000-00000000000000000003.jsonl";
    private static final String MIDDLE = "segment-00000000000000000004-00000000000000000007.jsonl";
    private static final String LAST = "segment-00000000000000000008-00000000000000000011.jsonl";

    @TempDir
    java.nio.file.Path temp;

    private FileSystem fs;
    private Path ledger;
    private LedgerVerifier verifier;

    /** Run r1: sequences 0-11 in three segments of four. */
    @BeforeEach
    void threeSegments() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        ledger = new Path(temp.resolve("ledger").toUri());
        verifier = new LedgerVerifier(fs, ledger);
        write("r1", 3);
    }

    @Test
    void acceptsAnIntactLedger() throws IOException {
        RunVerification result = verifier.verify("r1");

        assertThat(result.ok()).isTrue();
        assertThat(result.problem()).isNull();
        assertThat(result.entries()).isEqualTo(12);
        assertThat(result.segments()).isEqualTo(3);
        String lastLine = LedgerSamples.lines(segment(LAST)).get(3);
        assertThat(result.headHash()).isEqualTo(LedgerCodec.sha256Hex(lastLine));
        assertThat(result.describe()).isEqualTo("run=r1 intact but unsealed (the run did not finish, or its last segment is missing): 12 entries in 3 segments, head " + result.headHash());
    }

    @Test
    void catchesAnEditedNumberAtTheEntryAfterIt() throws IOException {
        LedgerSamples.rewrite(segment(MIDDLE), lines -> {
            String line = lines.get(1);
            String edited = line.replaceFirst("\"activeJoules\":[0-9.E-]+", "\"activeJoules\":1.5");
            assertThat(edited).isNotEqualTo(line);
            lines.set(1, edited);
            return lines;
        });

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(result.describe()).isEqualTo("run=r1 " + MIDDLE + " line 3 (sequence 6): hash does not match "
                + "the previous entry (entry edited, deleted or reordered)");
        assertThat(result.entries()).as("entries before the bad one").isEqualTo(6);
    }

    @Test
    void catchesAnEditedFirstEntryOfTheRun() throws IOException {
        LedgerSamples.rewrite(segment(FIRST), lines -> {
            lines.set(0, lines.get(0).replace("\"zone\":\"DE\"", "\"zone\":\"FR\""));
            return lines;
        });

        assertThat(verifier.verify("r1").describe()).isEqualTo("run=r1 " + FIRST
                + " line 2 (sequence 1): hash does not match the previous entry (entry edited, deleted or reordered)");
    }

    @Test
    void catchesADeletedEntry() throws IOException {
        LedgerSamples.rewrite(segment(MIDDLE), lines -> {
            lines.remove(1);
            return lines;
        });

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEQUENCE_GAP);
        assertThat(result.describe())
                .isEqualTo("run=r1 " + MIDDLE + " line 2 (sequence 6): sequence gap: expected 5 (entries deleted)");
    }

    @Test
    void catchesADeletedLastEntryOfASegmentAsARangeMismatch() throws IOException {
        LedgerSamples.rewrite(segment(MIDDLE), lines -> lines.subList(0, 3));

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEGMENT_RANGE_MISMATCH);
        assertThat(result.describe()).isEqualTo("run=r1 " + MIDDLE + " (sequence 4): the name states sequences 4-7 "
                + "but the segment holds only 4-6 (entries deleted or the file renamed)");
    }

    @Test
    void catchesAReorderedPair() throws IOException {
        LedgerSamples.rewrite(segment(MIDDLE), lines -> {
            Collections.swap(lines, 1, 2);
            return lines;
        });

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEQUENCE_OUT_OF_ORDER);
        assertThat(result.describe()).isEqualTo(
                "run=r1 " + MIDDLE + " line 2 (sequence 6): sequence out of order: expected 5 (entries reordered)");
    }

    @Test
    void catchesADeletedSegment() throws IOException {
        Files.delete(Paths.get(segment(MIDDLE).toUri()));

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEQUENCE_GAP);
        assertThat(result.describe()).isEqualTo("run=r1 " + LAST
                + " (sequence 8): sequence gap: expected a segment starting at 4 (segments deleted)");
    }

    @Test
    void catchesADeletedFirstSegment() throws IOException {
        Files.delete(Paths.get(segment(FIRST).toUri()));

        assertThat(verifier.verify("r1").describe()).isEqualTo("run=r1 " + MIDDLE
                + " (sequence 4): sequence gap: expected a segment starting at 0 (segments deleted)");
    }

    @Test
    void catchesASegmentNameThatDoesNotMatchItsContent() throws IOException {
        Files.move(Paths.get(segment(LAST).toUri()),
                Paths.get(segment(LAST).toUri()).resolveSibling("segment-00000000000000000008-00000000000000000009.jsonl"));

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.SEGMENT_RANGE_MISMATCH);
        assertThat(result.describe()).isEqualTo("run=r1 segment-00000000000000000008-00000000000000000009.jsonl line 3 "
                + "(sequence 10): the entry lies beyond the range the segment's name states, 8-9 (entries added)");
    }

    @Test
    void catchesAnUnreadableLine() throws IOException {
        LedgerSamples.rewrite(segment(LAST), lines -> {
            lines.set(2, "{\"applicationId\":");
            return lines;
        });

        RunVerification result = verifier.verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.UNREADABLE_LINE);
        assertThat(result.describe()).startsWith("run=r1 " + LAST + " line 3: unreadable line: malformed JSON");
    }

    @Test
    void catchesAnEntryCopiedFromAnotherRun() throws IOException {
        write("r2", 1);
        String foreign = LedgerSamples.lines(new Path(ledger, "run=r2/" + FIRST)).get(0);
        LedgerSamples.rewrite(segment(FIRST), lines -> {
            lines.set(0, foreign);
            return lines;
        });

        assertThat(verifier.verify("r1").describe())
                .isEqualTo("run=r1 " + FIRST + " line 1 (sequence 0): the entry belongs to run r2");
    }

    @Test
    void verifiesEveryRunAndNamesTheFirstBrokenOne() throws IOException {
        write("r0", 1);
        write("r2", 2);
        assertThat(verifier.verifyAll().ok()).isTrue();
        assertThat(verifier.verifyAll().describe()).isEqualTo("ledger intact: 3 runs, 24 entries; 0 sealed, 3 unsealed (r0, r1, r2)");

        LedgerSamples.rewrite(new Path(ledger, "run=r2/" + MIDDLE), lines -> {
            lines.remove(0);
            return lines;
        });
        LedgerVerification all = verifier.verifyAll();

        assertThat(all.ok()).isFalse();
        assertThat(all.runs()).extracting(RunVerification::runId).containsExactly("r0", "r1", "r2");
        assertThat(all.runs()).extracting(RunVerification::ok).containsExactly(true, true, false);
        assertThat(all.describe()).isEqualTo(
                "run=r2 " + MIDDLE + " line 1 (sequence 5): sequence gap: expected 4 (entries deleted)");
    }

    @Test
    void ignoresTemporaryFilesOfAnUnfinishedFlush() throws IOException {
        Files.writeString(Paths.get(ledger.toUri()).resolve(
                "run=r1/.segment-00000000000000000012-00000000000000000013.jsonl.tmp"), "{\"applicationId\":\"ap");

        assertThat(verifier.verify("r1").ok()).isTrue();
    }

    @Test
    void reportsAMissingRun() {
        assertThatThrownBy(() -> verifier.verify("r9")).isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("No ledger run r9");
    }

    private void write(String runId, int segments) throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, runId, Duration.ofMinutes(1))) {
            for (int s = 0; s < segments; s++) {
                writer.append(entries(runId, 4 * s, 4));
                writer.flush();
            }
        }
    }

    private Path segment(String name) {
        return new Path(ledger, "run=r1/" + name);
    }

}
