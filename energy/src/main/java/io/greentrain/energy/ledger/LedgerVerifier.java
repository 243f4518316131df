package io.greentrain.energy.ledger;

import io.greentrain.energy.ledger.RunVerification.Problem;
import io.greentrain.energy.ledger.RunVerification.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Walks each run's chain, energy entries and work records alike, and reports the first line or segment that
 * breaks it: a line that does not decode, an
 * entry of another run, a sequence that skips ahead (entries or segments deleted) or comes back or too early
 * (reordered), a segment whose name states a range its lines do not hold, or a {@code previousHash} that is not the
 * hash of the line before (an entry edited).
 *
 * <p>Seals ({@link SealRecord}) are checked too: each seal's totals must equal what the lines since the previous seal
 * add up to, and with a site key ({@link #withHmacKey}) each seal's HMAC must match. A run whose last line is a seal
 * is sealed; one that ends in any other line is intact but unsealed (the application did not finish, or the run's
 * last segment is missing). Lines of a kind this code does not know are checked for their place in the chain only.
 *
 * <p>What a hash chain cannot show: an edit of a run's very last line, or the loss of its last segments when an
 * earlier application had sealed the lines before them. Compare {@link RunVerification#headHash()} and
 * {@link RunVerification#entries()} with values recorded elsewhere (the jobs' {@code summary.json} records the head
 * hash) for that. Without a key, a ledger whose lines were edited and all its hashes recomputed verifies; the seal's
 * HMAC is what shows that.
 *
 * <p>Reads every segment once, a line at a time; when a sequence skips ahead it reads the rest of the run to tell a
 * deletion from a reordering. Temporary files of an unfinished flush and other non-segment names are not part of
 * the ledger and are ignored. Thread-safe.
 */
public final class LedgerVerifier {

    static final String HASH_MISMATCH_MESSAGE =
            "hash does not match the previous entry (entry edited, deleted or reordered)";

    private final FileSystem fs;
    private final Path ledger;
    private final byte[] hmacKey;

    /** Verifies the ledger at {@code ledger} (the folder holding {@code run=<id>} folders) through {@code fs}. */
    public LedgerVerifier(FileSystem fs, Path ledger) {
        this(fs, ledger, null);
    }

    private LedgerVerifier(FileSystem fs, Path ledger, byte[] hmacKey) {
        this.fs = LedgerLayout.dataFileSystem(fs);
        this.ledger = ledger;
        this.hmacKey = hmacKey == null ? null : hmacKey.clone();
    }

    /**
     * A verifier that also checks every seal's HMAC with the site key {@code key}: an unsigned seal, or one whose
     * HMAC does not match, breaks the run ({@link RunVerification.Reason#SEAL_SIGNATURE}).
     */
    public LedgerVerifier withHmacKey(byte[] key) {
        return new LedgerVerifier(fs, ledger, key);
    }

    /**
     * Verifies every run under the ledger, in run id order.
     *
     * @throws IOException if the ledger cannot be listed or a segment cannot be read (a storage failure, not a
     *                     broken chain)
     */
    public LedgerVerification verifyAll() throws IOException {
        List<RunVerification> runs = new ArrayList<>();
        for (String runId : LedgerLayout.runIds(fs, ledger)) {
            runs.add(verify(runId));
        }
        return new LedgerVerification(runs);
    }

    /**
     * Verifies one run: sequences 0, 1, 2, ... across its segments in name order, each entry chained to the line
     * before it, the first to {@link LedgerEntry#GENESIS_HASH}.
     *
     * @throws java.io.FileNotFoundException if the run does not exist
     * @throws IOException                   if a segment cannot be read
     */
    public RunVerification verify(String runId) throws IOException {
        List<SegmentFile> segments = LedgerLayout.segments(fs, ledger, runId);
        long expected = 0;
        String previousHash = LedgerEntry.GENESIS_HASH;
        SealTotals sinceSeal = new SealTotals(0);
        SealRecord lastSeal = null;
        EnergyUncertainty uncertainty = EnergyUncertainty.NONE;
        for (int s = 0; s < segments.size(); s++) {
            SegmentFile segment = segments.get(s);
            String name = segment.name();
            Problem problem = null;
            if (segment.firstSequence() > expected) {
                problem = new Problem(name, 0, segment.firstSequence(), Reason.SEQUENCE_GAP,
                        "sequence gap: expected a segment starting at " + expected + " (segments deleted)");
            } else if (segment.firstSequence() < expected) {
                problem = new Problem(name, 0, segment.firstSequence(), Reason.SEQUENCE_OUT_OF_ORDER,
                        "sequence out of order: the segment overlaps the one before, which ends at " + (expected - 1)
                                + " (segments copied or renamed)");
            } else if (segment.lastSequence() < segment.firstSequence()) {
                problem = new Problem(name, 0, segment.firstSequence(), Reason.SEGMENT_RANGE_MISMATCH,
                        "the name states an empty range");
            }
            if (problem != null) {
                return new RunVerification(runId, expected, segments.size(), previousHash, problem, null,
                        uncertainty);
            }
            try (BufferedReader in = LedgerLayout.open(fs, segment)) {
                long lineNumber = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lineNumber++;
                    LedgerRecord entry;
                    try {
                        entry = LedgerCodec.decode(line, name, lineNumber);
                    } catch (LedgerFormatException e) {
                        problem = new Problem(name, lineNumber, -1, Reason.UNREADABLE_LINE,
                                "unreadable line: " + e.reason());
                        return new RunVerification(runId, expected, segments.size(), previousHash, problem, null,
                                uncertainty);
                    }
                    long sequence = entry.sequence();
                    if (!runId.equals(entry.runId())) {
                        problem = new Problem(name, lineNumber, sequence, Reason.WRONG_RUN,
                                "the entry belongs to run " + entry.runId());
                    } else if (sequence > expected
                            && !appearsLater(expected, in, segments.subList(s + 1, segments.size()))) {
                        problem = new Problem(name, lineNumber, sequence, Reason.SEQUENCE_GAP,
                                "sequence gap: expected " + expected + " (entries deleted)");
                    } else if (sequence != expected) {
                        problem = new Problem(name, lineNumber, sequence, Reason.SEQUENCE_OUT_OF_ORDER,
                                "sequence out of order: expected " + expected + " (entries reordered)");
                    } else if (!previousHash.equals(entry.previousHash())) {
                        problem = new Problem(name, lineNumber, sequence, Reason.HASH_MISMATCH,
                                HASH_MISMATCH_MESSAGE);
                    } else if (sequence > segment.lastSequence()) {
                        problem = new Problem(name, lineNumber, sequence, Reason.SEGMENT_RANGE_MISMATCH,
                                "the entry lies beyond the range the segment's name states, "
                                        + segment.firstSequence() + "-" + segment.lastSequence() + " (entries added)");
                    } else if (entry instanceof SealRecord seal) {
                        problem = checkSeal(seal, line, sinceSeal, name, lineNumber);
                    }
                    if (problem != null) {
                        return new RunVerification(runId, expected, segments.size(), previousHash, problem, null,
                                uncertainty);
                    }
                    sinceSeal.add(entry);
                    uncertainty = uncertainty.plus(entry);
                    lastSeal = entry instanceof SealRecord seal ? seal : null;
                    previousHash = LedgerCodec.sha256Hex(line);
                    expected++;
                }
                if (expected - 1 != segment.lastSequence()) {
                    String holds = lineNumber == 0 ? "no entries"
                            : "only " + segment.firstSequence() + "-" + (expected - 1);
                    problem = new Problem(name, 0, segment.firstSequence(), Reason.SEGMENT_RANGE_MISMATCH,
                            "the name states sequences " + segment.firstSequence() + "-" + segment.lastSequence()
                                    + " but the segment holds " + holds + " (entries deleted or the file renamed)");
                    return new RunVerification(runId, expected, segments.size(), previousHash, problem, null,
                            uncertainty);
                }
            }
        }
        return new RunVerification(runId, expected, segments.size(), previousHash, null, lastSeal, uncertainty);
    }

    /** A seal's totals against the lines since the previous seal, and its HMAC when a key is set. */
    private Problem checkSeal(SealRecord seal, String line, SealTotals sinceSeal, String segment, long lineNumber) {
        String differences = sinceSeal.differences(seal);
        if (differences != null) {
            return new Problem(segment, lineNumber, seal.sequence(), Reason.SEAL_MISMATCH,
                    "the seal's totals do not match the lines it seals (seal edited, or lines edited and "
                            + "re-chained): " + differences);
        }
        if (hmacKey != null) {
            return SealRecord.checkHmac(seal, line, hmacKey)
                    .map(why -> new Problem(segment, lineNumber, seal.sequence(), Reason.SEAL_SIGNATURE, why))
                    .orElse(null);
        }
        return null;
    }

    /** Whether {@code sequence} occurs in the rest of {@code in} or in {@code laterSegments}. */
    private boolean appearsLater(long sequence, BufferedReader in, List<SegmentFile> laterSegments)
            throws IOException {
        if (contains(in, sequence)) {
            return true;
        }
        for (SegmentFile segment : laterSegments) {
            try (BufferedReader later = LedgerLayout.open(fs, segment)) {
                if (contains(later, sequence)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(BufferedReader in, long sequence) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            try {
                if (LedgerCodec.decode(line).sequence() == sequence) {
                    return true;
                }
            } catch (LedgerFormatException e) {
                // An unreadable line cannot be the missing entry; the first problem is reported already.
            }
        }
        return false;
    }
}
